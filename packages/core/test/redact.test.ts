import { REDACTED, redactSecrets } from '@decomkit/core';
import fc from 'fast-check';
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

/** One example of each secret shape, and what redaction makes of it. */
const SHAPES: readonly (readonly [string, string])[] = [
  ['key AKIAIOSFODNN7EXAMPLE here', 'key [redacted] here'],
  ['temporary ASIAY34FZKBOKMUTVV7A', 'temporary [redacted]'],
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = [redacted]'],
  ['standalone wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.', 'standalone [redacted].'],
  [`session FwoGZXIvYXdzEBYaDH${'Ab1+'.repeat(20)}`, 'session [redacted]'],
  [`blob ${'Q2hhbmdlTWUx'.repeat(10)}==`, 'blob [redacted]'],
  [
    'gh ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5 and ghs_0123456789abcdefghijABCDEFGHIJ0123',
    'gh [redacted] and [redacted]',
  ],
  ['pat github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'pat [redacted]'],
  ['slack xoxb-123456789012-1234567890123-AbCdEfGhIjKl', 'slack [redacted]'],
  ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end', 'jwt [redacted] end'],
  [
    'key -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY----- done',
    'key [redacted] done',
  ],
  ['cut -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'cut [redacted]'],
  ['postgres://app:s3cret@db:5432/x', 'postgres://app:[redacted]@db:5432/x'],
  ['redis://:p@ss@cache:6379', 'redis://:[redacted]@cache:6379'],
  ['Server=x;Database=y;User Id=u;Password=p@ss;', 'Server=x;Database=y;User Id=u;Password=[redacted];'],
  ['Driver={x};Uid=u;Pwd=hunter2;', 'Driver={x};Uid=u;Pwd=[redacted];'],
  [
    'https://a.blob.core.windows.net/c?sv=2024&sig=abc%2Bdef',
    'https://a.blob.core.windows.net/c?sv=2024&sig=[redacted]',
  ],
  ['{"apiKey": "k-123", "plain": "v"}', '{"apiKey": "[redacted]", "plain": "v"}'],
  ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
];

/** Values redaction must never change, alone or in a sentence. */
const hexDigest = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const isoDate = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString());
const arnPart = (alphabet: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength });
const arn = fc
  .tuple(
    fc.constantFrom('aws', 'aws-us-gov', 'aws-cn'),
    arnPart('abcdefghijklmnopqrstuvwxyz0123456789-', 20),
    fc.constantFrom('', 'eu-west-1', 'us-east-1'),
    fc.constantFrom('', '111122223333'),
    fc.oneof(
      arnPart('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=:._-', 80),
      fc.constantFrom(
        'secret:db_password-AbCdEf',
        'user/AKIAIOSFODNN7EXAMPLE',
        `function:${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'.replaceAll('/', 'x')}`,
        'recovery-point:6a1c9cbe-3d5c-4d6f-8c8e-2a9d0f6a1b2c',
      ),
    ),
  )
  .map(
    ([partition, service, region, account, resource]) => `arn:${partition}:${service}:${region}:${account}:${resource}`,
  );
/** CloudFormation type names whose parts name a secret (they are identifiers, not `key: value` pairs). */
const cloudFormationType = fc.constantFrom(
  'AWS::SecretsManager::Secret',
  'AWS::IAM::AccessKey',
  'AWS::SSM::Parameter',
  'AWS::Cognito::UserPoolClientSecret',
  'AWS::KMS::Key',
);
const kept = fc.oneof(
  arn,
  cloudFormationType,
  hexDigest,
  hexDigest.map((hex) => hex.toUpperCase()),
  fc.uuid(),
  isoDate,
);
const plainWord = fc.constantFrom('resource', 'at', 'was', 'deleted', 'hash', 'id', 'run', 'backup', '—', '(', ')');

/** Texts made of secret fragments, separators and noise: where patterns may interact. */
const fragment = fc.oneof(
  fc.constantFrom(
    ...SHAPES.map(([input]) => input),
    'AKIA',
    'password',
    'Password=',
    ': ',
    '=',
    ';',
    '&',
    '@',
    ':',
    '/',
    '://',
    'user:pw@',
    '"',
    "'",
    ' ',
    '\n',
    '.',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    'eyJhbGc',
    'ghp_',
    'xoxb-',
    'Bearer ',
    'FwoGZXIvYXdzE',
    'arn:aws:s3:::',
    '[redacted]',
  ),
  fc.base64String({ minLength: 1, maxLength: 120 }),
  fc.string({ maxLength: 12 }),
  kept,
);
const mixedText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));

describe('redaction by value', () => {
  it('redacts each secret shape and keeps the rest of the text', () => {
    for (const [input, expected] of SHAPES) expect(redactSecrets(input), input).toBe(expected);
    for (const [input] of SHAPES) {
      const { json } = redactToJson({ tags: { note: input } });
      expect(json).toBe(JSON.stringify({ tags: { note: redactSecrets(input) } }));
    }
  });

  it('is idempotent over any text, and returns a clean value itself', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const once = redactSecrets(text);
        expect(redactSecrets(once)).toBe(once);
      }),
      { seed: 7, numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), mixedText, fc.string(), (value, text, key) => {
        const document = { value, [key]: text, tags: { [key]: text, db_password: text } };
        const once = redactSecrets(document);
        expect(redactSecrets(once)).toBe(once);
        expect(JSON.stringify(redactSecrets(JSON.parse(JSON.stringify(once))))).toBe(JSON.stringify(once));
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('never changes ARNs, CloudFormation type names, SHA-256 digests, UUIDs or ISO dates, alone, in sentences or in documents', () => {
    fc.assert(
      fc.property(kept, plainWord, plainWord, (value, before, after) => {
        expect(redactSecrets(value)).toBe(value);
        expect(redactSecrets(`${before} ${value} ${after}`)).toBe(`${before} ${value} ${after}`);
        expect(redactSecrets(`${value}, ${value}`)).toBe(`${value}, ${value}`);
        const document = { arn: value, hash: value, list: [value], nested: { at: value } };
        expect(redactSecrets(document)).toBe(document);
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it('keeps keys such as __proto__ as fields, and redacts errors without touching the original', () => {
    const document = JSON.parse('{"__proto__": {"x": 1}, "password": "p", "note": "AKIAIOSFODNN7EXAMPLE"}');
    const redacted = redactSecrets(document);
    expect(Object.keys(redacted)).toEqual(['__proto__', 'password', 'note']);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"x":1},"password":"[redacted]","note":"[redacted]"}');

    class SdkError extends Error {}
    const error = new SdkError('denied for postgres://app:s3cret@db/x');
    const copy = redactSecrets({ cause: error }).cause;
    expect(copy).toBeInstanceOf(SdkError);
    expect(copy.message).toBe('denied for postgres://app:[redacted]@db/x');
    expect(String(copy.stack)).not.toContain('s3cret');
    expect(error.message).toContain('s3cret');
    const clean = new Error('nothing here');
    expect(redactSecrets(clean)).toBe(clean);
  });

  it('walks a clean frozen array once, and remembers it rather than each record in it', () => {
    let reads = 0;
    const record = Object.freeze({
      get note() {
        reads += 1;
        return 'nothing secret';
      },
    });
    const list = Object.freeze([record]);
    expect(redactSecrets(list)).toBe(list);
    expect(redactSecrets(list)).toBe(list);
    expect(reads).toBe(1);
    // The record itself is walked again: no entry per record (a plan's 100,000 resources would cost megabytes).
    expect(redactSecrets(record)).toBe(record);
    expect(reads).toBe(2);
  });
});
