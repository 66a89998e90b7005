import { AnonymousCredential, ContainerClient } from '@azure/storage-blob';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { azureBlobArtifactsPort } from '../src/index.js';
import { withNock } from './support/contract.js';

const ACCOUNT = 'https://decomkitarchive.blob.core.windows.net';
const NOW = new Date('2026-12-16T00:00:00Z');

/** A container client on the (intercepted) public endpoint, and the headers of each upload it sends. */
function archive() {
  const sent: Record<string, string | string[] | undefined>[] = [];
  nock(ACCOUNT)
    .put('/decomkit/decomkit/payments/azure-baseline.json')
    .reply(function reply() {
      sent.push({ ...this.req.headers });
      return [201, '', { etag: '"0x1"', 'last-modified': NOW.toUTCString() }];
    });
  return { container: new ContainerClient(`${ACCOUNT}/decomkit`, new AnonymousCredential()), sent };
}

const body = new TextEncoder().encode('{"baseline":true}');

describe('Blob archive retention (Put Blob headers, not emulated by Azurite)', () => {
  withNock();

  it('sends the immutability policy and the legal hold in the upload itself', async () => {
    const { container, sent } = archive();
    const artifacts = azureBlobArtifactsPort(
      container,
      { retainDays: 2555, mode: 'Locked', legalHold: true },
      () => NOW,
    );
    (await artifacts.put('decomkit/payments/azure-baseline.json', body, 'application/json'))._unsafeUnwrap();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.['x-ms-immutability-policy-until-date']).toBe(
      new Date(NOW.getTime() + 2555 * 86_400_000).toUTCString(),
    );
    expect(sent[0]?.['x-ms-immutability-policy-mode']).toBe('Locked');
    expect(sent[0]?.['x-ms-legal-hold']).toBe('true');
    expect(sent[0]?.['if-none-match']).toBe('*');
  });

  it('sends no lock when no retention is asked', async () => {
    const { container, sent } = archive();
    (
      await azureBlobArtifactsPort(container).put('decomkit/payments/azure-baseline.json', body, 'application/json')
    )._unsafeUnwrap();
    expect(Object.keys(sent[0] ?? {}).filter((header) => /immutability|legal-hold/.test(header))).toEqual([]);
  });

  it('refuses an invalid retention before anything is sent, naming each field', async () => {
    const container = new ContainerClient(`${ACCOUNT}/decomkit`, new AnonymousCredential());
    const artifacts = azureBlobArtifactsPort(container, { retainDays: 0.5, mode: 'Forever' as 'Locked' });
    const failure = (
      await artifacts.put('decomkit/payments/azure-baseline.json', body, 'application/json')
    )._unsafeUnwrapErr();
    expect(failure.code).toBe('InvalidInput');
    expect(failure.message).toBe(
      'Blob archive retention: archive.retention.retainDays an integer from 1 to 146000; archive.retention.mode Unlocked or Locked',
    );
  });
});
