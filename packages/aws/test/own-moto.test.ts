import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { motoClients, motoEndpoint, recordedRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { startMotoServer } from './support/moto-server.js';

withOwnMoto();

/**
 * Work a test left running after it ended: it keeps clearing moto's request
 * recording (as a timed-out test's next `resetMoto` or seeding would) until
 * stopped.
 */
function startStraggler(endpoint: string) {
  let stopped = false;
  let onAttempt: ((outcome: 'answered' | 'refused') => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let outcome: 'answered' | 'refused' = 'answered';
      try {
        await fetch(`${endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
      } catch {
        outcome = 'refused';
      }
      onAttempt?.(outcome);
      // Paced, so that a refused loop does not spin the CPU.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    endpoint,
    /** Resolves with the outcome of the straggler's next attempt. */
    nextAttempt: () =>
      new Promise<'answered' | 'refused'>((resolve) => {
        onAttempt = resolve;
      }),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

let straggler: ReturnType<typeof startStraggler> | undefined;
afterAll(() => straggler?.stop());

describe('each aws test owns its moto_server and its request recording', () => {
  it('a file gets a moto_server of its own: another server records none of its requests', async () => {
    await resetMoto();
    const other = await startMotoServer();
    try {
      expect(other.endpoint).not.toBe(motoEndpoint());
      expect(other.recordingFile).toMatch(/decomkit-moto-/);
      await motoClients().get('sts', TEST_REGION).send(new GetCallerIdentityCommand({}));
      const download = await fetch(`${other.endpoint}/moto-api/recorder/download-recording`);
      expect(await download.text()).toBe('');
      expect((await recordedRequests()).map((request) => request.action)).toEqual(['GetCallerIdentity']);
    } finally {
      await other.stop();
    }
  });

  it.fails('(a test that fails and leaves work running against its moto_server)', async () => {
    straggler = startStraggler(motoEndpoint());
    throw new Error('failed on purpose, leaving the straggler running');
  });

  it('the next test gets a fresh moto_server: the straggler can neither reach it nor clear its recording', async () => {
    const caller = await motoClients().get('sts', TEST_REGION).send(new GetCallerIdentityCommand({}));
    expect(caller.Account).toBe('111122223333');
    // The straggler tries again after the request above…
    const outcome = await straggler?.nextAttempt();
    // …and the recording still holds exactly this test's request (on a shared server it was cleared).
    expect((await recordedRequests()).map((request) => request.action)).toEqual(['GetCallerIdentity']);
    expect(outcome).toBe('refused');
    expect(motoEndpoint()).not.toBe(straggler?.endpoint);
  });
});
