import { createHmac, createPublicKey, KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { decomError, type InvalidInputError } from '../errors/decom-error.js';

/**
 * A key for keyed integrity: an HMAC-SHA-256 secret (a string, bytes or a
 * secret `KeyObject`, at least 16 bytes) or an Ed25519 `KeyObject` from
 * `node:crypto`. A private Ed25519 key signs and verifies; a public one only
 * verifies (enough for `verifyJournal`).
 *
 * @example
 * ```ts
 * const key: SigningKey = randomBytes(32); // or generateKeyPairSync('ed25519').privateKey
 * ```
 */
export type SigningKey = string | Uint8Array | KeyObject;

/**
 * Keyed integrity for plans, journal lines and seals (`createEngine({ signing })`).
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * const { privateKey } = generateKeyPairSync('ed25519');
 * const engine = createEngine({ checklist, providers, journal: fileJournal('.decomkit'), signing: { key: privateKey } });
 * // or an HMAC secret kept outside the journal directory:
 * // signing: { key: process.env.DECOMKIT_SIGNING_KEY }
 * ```
 */
export interface SigningOptions {
  readonly key: SigningKey;
  /** Ed25519 only: the public key that verifies; derived from `key` when omitted. */
  readonly publicKey?: KeyObject;
}

/** Checks signatures made by a {@link Signer} with the same key. */
export interface Verifier {
  readonly algorithm: 'hmac-sha256' | 'ed25519';
  /** True only when `signature` is a signature of `message` under this key. */
  verify(message: string, signature: unknown): boolean;
}

/** Signs messages (lowercase hex signatures, shaped like the journal's hashes). */
export interface Signer extends Verifier {
  sign(message: string): string;
}

/** An Ed25519 signature in hex: 64 bytes. */
const ED25519_SIGNATURE = /^[0-9a-f]{128}$/;

/** The smallest HMAC key accepted, in bytes. */
const MIN_HMAC_BYTES = 16;

/** What a signature covers, by kind: a signature made for one kind never verifies as another. */
export const signedMessage = {
  plan: (planHash: string) => `decomkit.plan.v1\n${planHash}`,
  record: (recordHash: string) => `decomkit.journal-record.v1\n${recordHash}`,
  seal: (runId: string, records: number, hash: string) => `decomkit.seal.v1\n${runId}\n${records}\n${hash}`,
};

/**
 * The verifier of a key, and its signer when the key can sign (a public
 * Ed25519 key only verifies). `InvalidInput` (path `<prefix>.key`) for anything
 * else: a short HMAC secret, an RSA or EC key, a non-key.
 */
export function keyring(
  options: SigningOptions,
  prefix: string,
): Result<{ readonly verifier: Verifier; readonly signer: Signer | null }, InvalidInputError> {
  const key = (options as { key?: unknown } | null)?.key;
  const path = `${prefix}.key`;
  if (typeof key === 'string' || key instanceof Uint8Array) {
    const secret = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
    return secret.byteLength >= MIN_HMAC_BYTES
      ? ok(both(hmacSigner(secret)))
      : invalid(path, `an HMAC-SHA-256 secret needs at least ${MIN_HMAC_BYTES} bytes (32 random bytes recommended)`);
  }
  if (!(key instanceof KeyObject)) {
    return invalid(path, 'must be an HMAC secret (string, bytes, secret KeyObject) or an Ed25519 KeyObject');
  }
  if (key.type === 'secret') {
    return (key.symmetricKeySize ?? 0) >= MIN_HMAC_BYTES
      ? ok(both(hmacSigner(key)))
      : invalid(path, `an HMAC-SHA-256 secret needs at least ${MIN_HMAC_BYTES} bytes`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    return invalid(path, `a ${key.asymmetricKeyType ?? 'unknown'} key is not supported: use Ed25519 or an HMAC secret`);
  }
  if (key.type === 'public') return ok({ verifier: ed25519Verifier(key), signer: null });
  const publicKey = options.publicKey ?? createPublicKey(key);
  if (!(publicKey instanceof KeyObject) || publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    return invalid(`${prefix}.publicKey`, 'must be the Ed25519 public KeyObject of the key');
  }
  const signer: Signer = {
    ...ed25519Verifier(publicKey),
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('hex'),
  };
  if (!signer.verify('decomkit.key-check', signer.sign('decomkit.key-check'))) {
    return invalid(`${prefix}.publicKey`, 'is not the public key of the private key');
  }
  return ok(both(signer));
}

function both(signer: Signer) {
  return { verifier: signer, signer };
}

function hmacSigner(secret: Buffer | KeyObject): Signer {
  const sign = (message: string) => createHmac('sha256', secret).update(message, 'utf8').digest('hex');
  return {
    algorithm: 'hmac-sha256',
    sign,
    verify: (message, signature) => {
      if (typeof signature !== 'string') return false;
      const expected = Buffer.from(sign(message), 'utf8');
      const given = Buffer.from(signature, 'utf8');
      return expected.byteLength === given.byteLength && timingSafeEqual(expected, given);
    },
  };
}

function ed25519Verifier(publicKey: KeyObject): Verifier {
  return {
    algorithm: 'ed25519',
    verify: (message, signature) => {
      if (typeof signature !== 'string' || !ED25519_SIGNATURE.test(signature)) return false;
      try {
        return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'hex'));
      } catch {
        return false; // a malformed signature
      }
    },
  };
}

function invalid(path: string, message: string): Result<never, InvalidInputError> {
  return err(decomError.invalidInput(`invalid signing key: ${message}`, [{ path, message }]));
}
