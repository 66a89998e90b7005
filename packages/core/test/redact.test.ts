import { REDACTED, redactSecrets } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { redactToJson } from '../src/util/redact.js';

describe('redaction', () => {
  it('redacts secret-looking fields at any depth and keeps identifiers', () => {
    const input = {
      password: 'p',
      db: { masterUserPwd: 'p2', connectionString: 'Server=x;Password=y' },
      oauth: [{ accessToken: 'a', refresh_token: 'r', idToken: 'i', token: 't' }],
      auth: { Authorization: 'Bearer abc', apiKey: 'k', clientSecret: 's' },
      idempotencyToken: 'dk-123',
      nextToken: 'page-2',
      plainValue: 'kept',
      emptySecret: null,
    };
    expect(redactSecrets(input)).toEqual({
      password: REDACTED,
      db: { masterUserPwd: REDACTED, connectionString: REDACTED },
      oauth: [{ accessToken: REDACTED, refresh_token: REDACTED, idToken: REDACTED, token: REDACTED }],
      auth: { Authorization: REDACTED, apiKey: REDACTED, clientSecret: REDACTED },
      idempotencyToken: 'dk-123',
      nextToken: 'page-2',
      plainValue: 'kept',
      emptySecret: null,
    });
    expect(input.password).toBe('p');
  });

  it('serialises once when nothing secret appears, and redacts otherwise', () => {
    const plain = { key: 'step:resource.delete:arn', attempt: 1 };
    const quick = redactToJson(plain);
    expect(quick.value).toBe(plain);
    expect(quick.json).toBe(JSON.stringify(plain));
    const secret = { evidence: { details: { sasToken: 'sv=2024&sig=abc' } } };
    const slow = redactToJson(secret);
    expect(slow.json).not.toContain('sig=abc');
    expect(JSON.parse(slow.json)).toEqual({ evidence: { details: { sasToken: REDACTED } } });
  });
});
