import { inspect } from 'node:util';
import { serviceNowCmdb, webhookCmdb } from '@decomkit/cmdb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { execute, reconcile, retireAction, reviewAction } from './support/actions.js';
import { cmdbOn, LEGACY_CHOICES, startInstance, USER } from './support/instances.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const CLIENT = { clientId: 'decomkit-client', clientSecret: 'oauth-client-secret-9f8e7d' };
const BEARER = 'bearer-token-from-vault-5c4b3a';
const WEBHOOK_SECRET = 'whsec-do-not-leak-0123456789';
const GATEWAY_KEY = 'gateway-api-key-value-77';

/** Everything a caller could log or journal: results and errors, causes included, deeply. */
const shown = (values: unknown[]) =>
  values.map((value) => `${JSON.stringify(value)}\n${inspect(value, { depth: 10 })}`).join('\n');

afterEach(() => vi.restoreAllMocks());

describe('no credential or token in errors, results or logs', () => {
  it('serviceNowCmdb: basic, OAuth and bearer secrets never show, whatever fails', async () => {
    const logged = vi.spyOn(console, 'log');
    const warned = vi.spyOn(console, 'warn');
    const errored = vi.spyOn(console, 'error');
    const instance = await startInstance(LEGACY_CHOICES, { oauthClients: [CLIENT], bearerTokens: [BEARER] });
    const outcomes: unknown[] = [];
    const run = async (cmdb: ReturnType<typeof serviceNowCmdb>) => {
      outcomes.push(await cmdb.getItem('CI-AWS'), await cmdb.getItem('CI-NOPE'));
      outcomes.push(await execute(cmdb, retireAction()), await reconcile(cmdb, retireAction()));
      outcomes.push(await execute(cmdb, reviewAction()), await execute(cmdb, retireAction('CI-NOPE')));
    };
    await run(cmdbOn(instance, { auth: { kind: 'basic', ...USER } }));
    await run(
      cmdbOn(instance, { auth: { kind: 'basic', username: USER.username, password: `${USER.password}-wrong` } }),
    );
    await run(cmdbOn(instance, { auth: { kind: 'oauth-client-credentials', ...CLIENT } }));
    await run(
      cmdbOn(instance, {
        auth: { kind: 'oauth-client-credentials', ...CLIENT, clientSecret: `${CLIENT.clientSecret}-wrong` },
      }),
    );
    await run(cmdbOn(instance, { auth: { kind: 'bearer', token: () => BEARER } }));
    await run(
      cmdbOn(instance, { auth: { kind: 'bearer', token: () => Promise.reject(new Error(`expired ${BEARER}`)) } }),
    );
    instance.hidden.add('CI-AZURE');
    instance.readOnlyTables.add('task');
    await run(cmdbOn(instance, { auth: { kind: 'bearer', token: () => BEARER } }));
    instance.throttle(50, 0);
    await run(cmdbOn(instance, { auth: { kind: 'basic', ...USER }, retry: { attempts: 2, baseDelayMilliseconds: 1 } }));
    outcomes.push(
      await serviceNowCmdb({
        instance: `http://${USER.username}:${USER.password}@127.0.0.1:1`,
        auth: { kind: 'basic', ...USER },
      }).getItem('CI-AWS'),
    );
    await instance.close();
    await run(cmdbOn(instance, { auth: { kind: 'basic', ...USER }, retry: { attempts: 1 } })); // connection refused
    const tokens = instance.requests.map((request) => request.authorization).filter((header) => header !== '');
    const secrets = [
      USER.password,
      CLIENT.clientSecret,
      BEARER,
      Buffer.from(`${USER.username}:${USER.password}`).toString('base64'),
      ...tokens,
    ];
    const text = shown(outcomes);
    expect(outcomes.some((outcome) => (outcome as { isErr(): boolean }).isErr())).toBe(true);
    for (const secret of secrets) expect(text).not.toContain(secret.replace(/^(Basic|Bearer) /, ''));
    for (const spy of [logged, warned, errored]) expect(spy).not.toHaveBeenCalled();
  });

  it('webhookCmdb: the signing secret and extra header values never show', async () => {
    const receiver = await startWebhookReceiver(WEBHOOK_SECRET, ['CI-AWS', 'CI-AZURE']);
    const outcomes: unknown[] = [];
    for (const secret of [WEBHOOK_SECRET, `${WEBHOOK_SECRET}-wrong`]) {
      const cmdb = webhookCmdb({
        url: receiver.url,
        secret,
        headers: { 'x-api-key': GATEWAY_KEY },
        retry: { attempts: 1 },
      });
      outcomes.push(
        await execute(cmdb, retireAction()),
        await reconcile(cmdb, retireAction()),
        await cmdb.getItem('CI-NOPE'),
      );
      outcomes.push(await execute(cmdb, reviewAction()));
    }
    await receiver.close();
    const gone = webhookCmdb({
      url: receiver.url,
      secret: WEBHOOK_SECRET,
      headers: { 'x-api-key': GATEWAY_KEY },
      retry: { attempts: 1 },
    });
    outcomes.push(await gone.getItem('CI-AWS'));
    const text = shown(outcomes);
    expect(text).toContain('refused the signature');
    for (const secret of [WEBHOOK_SECRET, GATEWAY_KEY]) expect(text).not.toContain(secret);
  });
});
