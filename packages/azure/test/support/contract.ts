import { readFileSync } from 'node:fs';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { type AzureTargetOptions, azureTarget } from '../../src/index.js';

/** The bearer token the test credential hands out: no error, log or result may ever contain it. */
export const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZWNvbWtpdC10ZXN0In0.c2VjcmV0LXNpZ25hdHVyZQ';

/** The Azure REST API example at `path` (under test/fixtures): `{ parameters, responses }`. */
export function fixture<T = ExampleFile>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}

/** The shape of an Azure REST API example file. */
export interface ExampleFile {
  readonly parameters: Record<string, unknown>;
  readonly responses: Record<string, { readonly body?: unknown }>;
}

/** A credential that always answers {@link SECRET_TOKEN}, and counts the scopes asked. */
export function testCredential(): TokenCredential & { readonly scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: async (asked: string | string[]): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(asked) ? asked : [asked]));
      return { token: SECRET_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/** Retries quick enough for tests (the SDK's own 429 / 5xx retries). */
export const FAST_RETRIES = { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } as const;

/** An Azure target over the test credential, with fast retries. */
export function testTarget(options: Partial<AzureTargetOptions> & { readonly subscriptionId: string }) {
  const credential = testCredential();
  return {
    credential,
    ports: azureTarget({ credential, clientOptions: { retryOptions: FAST_RETRIES }, ...options }),
  };
}

/**
 * Every test of the file runs with the network shut (nock answers or the
 * request fails), and ends with every interceptor it declared used.
 */
export function withNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    if (pending.length > 0) throw new Error(`interceptors never called: ${pending.join(', ')}`);
  });
}

/** True when `value`, serialised, holds the secret token anywhere. */
export function holdsSecret(value: unknown): boolean {
  return (
    JSON.stringify(value, (_key, inner) =>
      inner instanceof Error ? { ...inner, message: inner.message } : inner,
    ).includes(SECRET_TOKEN) || String(value).includes(SECRET_TOKEN)
  );
}
