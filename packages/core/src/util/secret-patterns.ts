/**
 * The shapes of secret values, and the redaction of a text by them. Every
 * pattern below names the format it comes from. A match is replaced by
 * {@link REDACTED} (for a URL or `key=value` pair, only the secret part), so
 * the rest of the text stays readable.
 *
 * Never touched: ARNs (each is kept whole, whatever it holds), CloudFormation
 * type names (`AWS::SecretsManager::Secret`), hex digests
 * (SHA-1, SHA-256 plan and journal hashes), UUIDs (recovery point and job
 * ids), ISO dates, `dk-` idempotency tokens.
 */

import { boundedMemo } from './bounded-memo.js';

/** What a redacted value, or the secret part of one, is replaced with. */
export const REDACTED = '[redacted]';

/** Characters of standard base64 (RFC 4648 §4) without padding. */
const B64 = 'A-Za-z0-9/+';
/** A base64 run is standalone when no base64, base64url or identifier character touches it. */
const NOT_AFTER_TOKEN = `(?<![${B64}_=-])`;
const NOT_BEFORE_TOKEN = `(?![${B64}_=-])`;

/** One pattern: a global regular expression and what replaces each match. */
interface SecretPattern {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
}

const whole = () => REDACTED;

/** Replaced only when it looks like random key material, not an identifier or a hex digest. */
function randomLooking(token: string): string {
  const hex = /^[0-9a-f]+$/i.test(token);
  const mixedCase = /[A-Z]/.test(token) && /[a-z]/.test(token);
  return !hex && mixedCase && /[0-9/+]/.test(token) ? REDACTED : token;
}

/** Applied in this order; the later, looser patterns see what the exact ones left. */
const PATTERNS: readonly SecretPattern[] = [
  {
    // PEM (RFC 7468) private keys: PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY` and
    // `ENCRYPTED PRIVATE KEY`, `EC`, `DSA`, `OPENSSH PRIVATE KEY`, PGP `PRIVATE KEY BLOCK`;
    // a block cut short is redacted to the end of the text.
    name: 'pem-private-key',
    pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|$)/g,
    replace: whole,
  },
  {
    // URL userinfo (RFC 3986 §3.2.1), `scheme://user:password@host`: the user and host are kept.
    name: 'url-password',
    pattern: /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)([^\s:/?#@'"]*):([^\s/?#'"]*)@/g,
    replace: (_match, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  },
  {
    // `Authorization: Bearer <token>` (RFC 6750 §2.1).
    name: 'bearer-token',
    pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*/g,
    replace: (_match, bearer) => `${bearer}${REDACTED}`,
  },
  {
    // `key=value` and `key: value` pairs whose key names a secret: ADO.NET / ODBC / JDBC
    // connection strings (`Password=…;`, `Pwd=…;`), query strings (`?token=…`, Azure SAS `sig=…`),
    // INI and env files (`aws_secret_access_key = …`), JSON and YAML (`"apiKey": "…"`). Never a part of a
    // `::` name: a CloudFormation type (`AWS::SecretsManager::Secret`) is an identifier, not a pair.
    name: 'secret-key-value',
    pattern:
      /(?<![A-Za-z0-9_.-]|::)([A-Za-z0-9_.-]*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*|sig)(["']?[ \t]*(?:=|:(?!:))[ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s,;&"']+)/gi,
    replace: (_match, key, separator, value) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : '';
      return `${key}${separator}${quote}${REDACTED}${quote}`;
    },
  },
  {
    // AWS access key ids (IAM user `AKIA…`, STS temporary `ASIA…`): four letters and sixteen
    // upper-case base32 characters.
    name: 'aws-access-key-id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    replace: whole,
  },
  {
    // AWS session tokens (STS): base64 that starts with the encoding of their binary header.
    name: 'aws-session-token',
    pattern: new RegExp(`(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2lu)[${B64}]*=*`, 'g'),
    replace: whole,
  },
  {
    // GitHub tokens: personal `ghp_`, OAuth `gho_`, user-to-server `ghu_`, server-to-server `ghs_`,
    // refresh `ghr_`, and fine-grained `github_pat_`.
    name: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/g,
    replace: whole,
  },
  {
    // Slack tokens: bot `xoxb-`, user `xoxp-`, app-level `xoxa-`, refresh `xoxr-`, `xoxe-`, `xoxs-`.
    name: 'slack-token',
    pattern: /\bxox[abeprs]-[A-Za-z0-9-]{10,}/g,
    replace: whole,
  },
  {
    // JSON Web Tokens (RFC 7519, compact JWS): `base64url(header).base64url(payload).signature`;
    // the header is a JSON object, so it starts with `eyJ` (`{"`).
    name: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
    replace: whole,
  },
  {
    // Long standalone base64 (STS session tokens, Azure keys, encrypted blobs): 100 characters or more.
    name: 'long-base64',
    pattern: new RegExp(`${NOT_AFTER_TOKEN}[${B64}]{100,}={0,2}${NOT_BEFORE_TOKEN}`, 'g'),
    replace: randomLooking,
  },
  {
    // AWS secret access keys: exactly 40 base64 characters, standalone (`wJalrXUtnFEMI/K7MDENG/…`).
    name: 'aws-secret-access-key',
    pattern: new RegExp(`${NOT_AFTER_TOKEN}[${B64}]{40}${NOT_BEFORE_TOKEN}`, 'g'),
    replace: randomLooking,
  },
];

/**
 * Every text a pattern can match holds one of these (case aside) or a run of
 * 40 base64 characters: a cheap test that lets most texts through untouched.
 */
export const SECRET_HINT = new RegExp(
  [
    '-----BEGIN',
    ':\\/\\/',
    'bearer',
    'passw',
    'pwd',
    'passphrase',
    'secret',
    'token',
    'api[_-]?key',
    'access[_-]?key',
    'private[_-]?key',
    'credential',
    'sig',
    'AKIA',
    'ASIA',
    'FwoGZXIvYXdz',
    'FQoGZXIvYXdz',
    'IQoJb3JpZ2lu',
    'gh[pousr]_',
    'github_pat_',
    'xox[abeprs]-',
    'eyJ',
  ].join('|'),
  'i',
);
const BASE64_RUN = new RegExp(`[${B64}]{40}`);

/**
 * An ARN (`arn:partition:service:region:account:resource`) runs to the next
 * space, quote, comma, semicolon or bracket; it is kept whole.
 */
const ARN = /arn:aws[a-z-]*:[^\s"'`,;<>()[\]{}]*/g;
const WHOLE_ARN = /^arn:aws[a-z-]*:[^\s"'`,;<>()[\]{}]*$/;

/** Rounds of redaction before a text that keeps changing is redacted whole. */
const MAX_ROUNDS = 4;

/** The shortest text a pattern can match (`sig=x`). */
const SHORTEST_SECRET = 5;

/**
 * Redacts the secret values in a text (see the patterns above). Idempotent:
 * what it returns, it returns unchanged. Texts seen often (tag values, action
 * keys) are answered from memory.
 *
 * @example
 * ```ts
 * redactText('postgres://app:s3cret@db:5432/x'); // 'postgres://app:[redacted]@db:5432/x'
 * ```
 */
export function redactText(text: string): string {
  if (text.length < SHORTEST_SECRET || (text.startsWith('arn:') && WHOLE_ARN.test(text))) return text;
  return redactTextMemo(text);
}

const redactTextMemo = boundedMemo(
  (text) => {
    if (!mightHoldSecret(text)) return text;
    let current = text;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const next = redactRound(current);
      if (next === current) return current;
      current = next;
    }
    // A text that kept changing (patterns feeding each other) is not guessed at.
    return REDACTED;
  },
  { capacity: 16_384, maxLength: 512 },
);

function mightHoldSecret(text: string): boolean {
  return SECRET_HINT.test(text) || BASE64_RUN.test(text);
}

/** One pass of every pattern over the text outside ARNs. */
function redactRound(text: string): string {
  let result = '';
  let from = 0;
  for (const arn of text.matchAll(ARN)) {
    result += redactOutsideArns(text.slice(from, arn.index)) + arn[0];
    from = arn.index + arn[0].length;
  }
  return from === 0 ? redactOutsideArns(text) : result + redactOutsideArns(text.slice(from));
}

function redactOutsideArns(text: string): string {
  if (!mightHoldSecret(text)) return text;
  let result = text;
  for (const { pattern, replace } of PATTERNS) {
    result = result.replace(pattern, replace as (match: string, ...rest: unknown[]) => string);
  }
  return result;
}
