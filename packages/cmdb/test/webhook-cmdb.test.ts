import { createHmac } from 'node:crypto';
import {
  actionMarker,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookCmdb,
  webhookJsonSchemas,
} from '@decomkit/cmdb';
import { cmdbConformance } from '@decomkit/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFor, execute, reconcile, retireAction, reviewAction } from './support/actions.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const SECRET = 'whsec-loopback-0123456789abcdef';
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
const start = async () => {
  receiver = await startWebhookReceiver(SECRET, ['CI-AWS', 'CI-AZURE']);
  return receiver;
};
const cmdbOn = (target: WebhookReceiver, secret = SECRET) =>
  webhookCmdb({
    url: target.url,
    secret,
    headers: { 'x-api-key': 'gateway-key-value' },
    retry: { baseDelayMilliseconds: 5 },
  });

describe('webhookCmdb', () => {
  it('retires with one signed write carrying the idempotency key, reads it back, and sends no write the second time', async () => {
    const target = await start();
    const cmdb = cmdbOn(target);
    const action = retireAction();
    expect((await reconcile(cmdb, action))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await execute(cmdb, action))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { ciId: 'CI-AWS', status: 'Retired', links: ['CI-AZURE'], marker: actionMarker(action) },
    });
    const write = target.received.find((message) => message.body.includes('"cmdb.retire"'));
    expect(write?.headers[IDEMPOTENCY_HEADER]).toBe(actionMarker(action));
    expect(write?.headers['x-api-key']).toBe('gateway-key-value');
    expect(target.items.get('CI-AWS')?.notes[0]).toContain('clean-up-artifacts:cmdb.retire:CI-AWS');
    expect(target.received.every((message) => message.verified)).toBe(true);
    (await execute(cmdbOn(target), action))._unsafeUnwrap();
    expect(target.writes()).toBe(1);
    expect(target.received.filter((message) => message.body.includes('"cmdb.retire"'))).toHaveLength(1);
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()).toEqual({
      id: 'CI-AWS',
      name: 'CI-AWS',
      status: 'Retired',
      retired: true,
      links: ['CI-AZURE'],
    });
    expect((await reconcile(cmdb, action))._unsafeUnwrap().status).toBe('done');
  });

  it("the receiver's reference check rejects a tampered body, a wrong secret and an old replay; a fresh replay is answered from its key", async () => {
    const target = await start();
    (await execute(cmdbOn(target), retireAction()))._unsafeUnwrap();
    const write = target.received.find((message) => message.body.includes('"cmdb.retire"'));
    if (write === undefined) throw new Error('no write received');
    const headers = { timestamp: write.headers[TIMESTAMP_HEADER], signature: write.headers[SIGNATURE_HEADER] };
    expect(verifyWebhookSignature({ secret: SECRET, body: write.body, ...headers })).toBe(true);
    const tampered = write.body.replace('"CI-AZURE"', '"CI-ATTACKER"');
    expect(verifyWebhookSignature({ secret: SECRET, body: tampered, ...headers })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'another-secret-of-16', body: write.body, ...headers })).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, body: write.body, ...headers, now: Number(headers.timestamp) + 301 }),
    ).toBe(false);
    const resend = (body: string) =>
      fetch(target.url, {
        method: 'POST',
        headers: { ...write.headers, 'content-length': String(Buffer.byteLength(body)) },
        body,
      });
    expect((await resend(tampered)).status).toBe(401);
    expect((await resend(write.body)).status).toBe(200);
    expect(target.writes()).toBe(1);
    expect(target.items.get('CI-AWS')?.links).toEqual(['CI-AZURE']);
    const wrongSecret = (
      await execute(cmdbOn(target, 'not-the-shared-secret'), retireAction('CI-AZURE', []))
    )._unsafeUnwrapErr();
    expect(wrongSecret).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('refused the signature'),
    });
  });

  it('signs timestamp.body with HMAC-SHA-256 under the secret, as the README shows', () => {
    const expected = createHmac('sha256', 'key').update('1700000000.{}').digest('hex');
    expect(signWebhookBody('key', '1700000000', '{}')).toBe(`v1=${expected}`);
    expect(signWebhookBody('key', '1700000001', '{}')).not.toBe(`v1=${expected}`);
  });

  it('a write whose answer is lost is retried with the same key and applied once; 503 and 429 are retried', async () => {
    const target = await start();
    target.crashAfterWrite();
    const cmdb = cmdbOn(target);
    expect((await execute(cmdb, retireAction()))._unsafeUnwrap().status).toBe('done');
    expect(target.writes()).toBe(1);
    target.refuse(2, 503);
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()?.retired).toBe(true);
    target.refuse(1, 429, '1');
    const started = Date.now();
    expect((await execute(cmdb, reviewAction()))._unsafeUnwrap().status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    target.refuse(9, 503);
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrapErr()).toMatchObject({
      code: 'ProviderFailure',
      retryable: true,
    });
  });

  it('schedules a review once per action key and reconciles it', async () => {
    const target = await start();
    const cmdb = cmdbOn(target);
    const first = (await execute(cmdb, reviewAction()))._unsafeUnwrap();
    expect((await execute(cmdb, reviewAction()))._unsafeUnwrap()).toEqual(first);
    expect(target.reviews.size).toBe(1);
    expect(first).toMatchObject({
      result: { cadenceMonths: 6, firstReviewAt: '2027-06-01T00:00:00.000Z', ciId: 'CI-AZURE' },
    });
    expect((await reconcile(cmdb, reviewAction()))._unsafeUnwrap()).toEqual(first);
  });

  it('an unknown CI is NotFound; invalid options are InvalidInput without a request', async () => {
    const target = await start();
    expect((await execute(cmdbOn(target), retireAction('CI-NOPE')))._unsafeUnwrapErr()).toMatchObject({
      code: 'NotFound',
      resource: 'CI-NOPE',
    });
    expect((await cmdbOn(target).getItem('CI-NOPE'))._unsafeUnwrap()).toBeNull();
    const sent = target.received.length;
    const invalid = webhookCmdb({
      url: 'http://cmdb.example.com/hook',
      secret: 'short',
      headers: { 'Idempotency-Key': 'x' },
    });
    const error = (await invalid.getItem('CI-AWS'))._unsafeUnwrapErr();
    expect(error.code === 'InvalidInput' && error.issues.map((issue) => issue.path)).toEqual([
      'url',
      'secret',
      'headers.Idempotency-Key',
    ]);
    expect(target.received).toHaveLength(sent);
  });

  it('names the run in the retire note; finds CIs by cloud id with one signed read', async () => {
    receiver = await startWebhookReceiver(SECRET, ['CI-AWS', 'CI-AZURE'], { 'CI-AWS': ['i-0c0ffee0c0ffee001'] });
    const cmdb = cmdbOn(receiver);
    const action = retireAction();
    const retire = cmdb.handlers['cmdb.retire'];
    (
      await retire.execute(action, { ...contextFor(action), runId: 'payments-20261216T000000Z-abc123' })
    )._unsafeUnwrap();
    expect(receiver.items.get('CI-AWS')?.notes[0]).toContain('run payments-20261216T000000Z-abc123,');
    const found = await cmdb.findByCloudIds?.(['i-0c0ffee0c0ffee001', 'i-0c0ffee0c0ffee00']);
    expect(found?._unsafeUnwrap()).toEqual([
      { cloudId: 'i-0c0ffee0c0ffee001', id: 'CI-AWS', name: 'CI-AWS', status: 'Retired', retired: true },
    ]);
    const read = receiver.received.find((message) => message.body.includes('"cmdb.findByCloudIds"'));
    expect(read?.verified).toBe(true);
    expect(read?.headers[IDEMPOTENCY_HEADER]).toBeUndefined();
    expect(receiver.writes()).toBe(1);
  });

  it('publishes a JSON Schema for every message', () => {
    const schemas = webhookJsonSchemas() as Record<
      string,
      { required?: string[]; properties?: Record<string, unknown> }
    >;
    expect(Object.keys(schemas)).toEqual([
      'getItemRequest',
      'getItemResponse',
      'findByCloudIdsRequest',
      'findByCloudIdsResponse',
      'retireRequest',
      'retireResponse',
      'reviewRequest',
      'reviewResponse',
      'getReviewRequest',
      'getReviewResponse',
      'error',
    ]);
    expect(schemas.retireRequest?.required).toEqual([
      'type',
      'idempotencyKey',
      'actionKey',
      'ciId',
      'azureCiIds',
      'note',
    ]);
  });
});

describe('webhookCmdb against the cmdb conformance suite', () => {
  cmdbConformance(
    { describe, it },
    async (world) => {
      const target = await startWebhookReceiver(SECRET, world.configurationItems, world.cloudIds);
      return {
        cmdb: cmdbOn(target),
        oracle: {
          mutatingCalls: async () => target.writes(),
          configurationItem: async (id) => {
            const item = target.items.get(id);
            return item === undefined ? null : { retired: item.status === 'Retired', links: item.links };
          },
        },
        dispose: () => target.close(),
      };
    },
    { findByCloudIds: true },
  );
});
