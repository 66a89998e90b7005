import { createHash } from 'node:crypto';
import { artifactsConformance } from '@decomkit/conformance';
import { sha256 } from '@decomkit/provider-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureBlobArtifactsPort, azureTarget, SHA256_METADATA } from '../src/index.js';
import { type Azurite, startAzurite } from './support/azurite.js';
import { testCredential } from './support/contract.js';
import { azuriteContainer } from './support/standard-azure.js';

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
}, 180_000);
afterAll(async () => {
  await azurite?.stop();
});

/** A new, empty container on Azurite. */
const freshContainer = () => azuriteContainer(azurite);

const bytes = (text: string) => new TextEncoder().encode(text);

describe('Blob artifact store on Azurite', () => {
  it('stores with the SHA-256 in metadata and Content-MD5, and reads back byte for byte', async () => {
    const container = await freshContainer();
    const artifacts = azureBlobArtifactsPort(container);
    const body = bytes('{"baseline":true}\n');
    const ref = (
      await artifacts.put('decomkit/payments/azure-baseline.json', body, 'application/json')
    )._unsafeUnwrap();
    expect(ref).toEqual({
      name: 'decomkit/payments/azure-baseline.json',
      uri: `${container.url}/decomkit/payments/azure-baseline.json`,
      sha256: sha256(body),
      size: body.byteLength,
      contentType: 'application/json',
    });
    const properties = await container.getBlockBlobClient(ref.name).getProperties();
    expect(properties.metadata?.[SHA256_METADATA]).toBe(sha256(body));
    expect(Buffer.from(properties.contentMD5 ?? []).toString('base64')).toBe(
      createHash('md5').update(body).digest('base64'),
    );
    expect(properties.contentType).toBe('application/json');
    expect([...((await artifacts.get(ref.name))._unsafeUnwrap() ?? [])]).toEqual([...body]);
    expect((await artifacts.get('missing.json'))._unsafeUnwrap()).toBeNull();
  });

  it('never overwrites: a second put of the same name with other bytes is a Conflict and the first stays', async () => {
    const container = await freshContainer();
    const artifacts = azureBlobArtifactsPort(container);
    const first = bytes('first');
    expect((await artifacts.put('record.json', first, 'application/json')).isOk()).toBe(true);
    const second = await artifacts.put('record.json', bytes('second, different'), 'application/json');
    expect(second._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(second._unsafeUnwrapErr().message).toContain('never overwritten');
    expect(Buffer.from((await artifacts.get('record.json'))._unsafeUnwrap() ?? []).toString()).toBe('first');
    // The same bytes again are the same artifact: done, nothing written.
    expect((await artifacts.put('record.json', first, 'application/json'))._unsafeUnwrap().sha256).toBe(sha256(first));
  });

  it('artifact.put reconciles absent before and done after', async () => {
    const container = await freshContainer();
    const artifacts = azureBlobArtifactsPort(container);
    const action = {
      key: 'establish-baseline/artifact.put/baseline',
      step: 'establish-baseline',
      item: 'baseline' as const,
      kind: 'artifact.put' as const,
      target: { ref: 'baseline.json' },
      params: { name: 'baseline.json', contentType: 'application/json', body: '{}' },
      gates: [],
      dependsOn: [],
    };
    const handler = artifacts.handlers['artifact.put'];
    const context = {} as Parameters<typeof handler.execute>[1];
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await handler.execute(action, context))._unsafeUnwrap().status).toBe('done');
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { sha256: sha256(bytes('{}')) },
    });
  });

  it('azureTarget supplies artifacts only with an archive (or an injected container)', async () => {
    const container = await freshContainer();
    const subscriptionId = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
    expect(azureTarget({ subscriptionId, credential: testCredential() }).artifacts).toBeUndefined();
    expect(
      azureTarget({ subscriptionId, credential: testCredential(), clients: { container } }).artifacts,
    ).toBeDefined();
    expect(
      azureTarget({
        subscriptionId,
        credential: testCredential(),
        archive: { accountUrl: azurite.accountUrl, container: 'x' },
      }).artifacts,
    ).toBeDefined();
  });
});

artifactsConformance({ describe, it }, async () => ({
  artifacts: azureBlobArtifactsPort(await freshContainer()),
  oracle: {},
}));
