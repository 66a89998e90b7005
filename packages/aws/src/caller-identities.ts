import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput, type STSClient } from '@aws-sdk/client-sts';

/**
 * STS GetCallerIdentity answers, one per credentials: the account guard, the
 * inventory's account, the hidden-dependency checks and the clients' bucket
 * keys ask the same question of the same credentials, so it is asked once.
 * The key is the access key id the STS client resolves at the moment of
 * asking (an access key belongs to one principal of one account for its
 * whole life), so other or rotated credentials are asked again, never
 * answered from another key's answer. Credentials that cannot be resolved,
 * or resolve without an access key id, are asked every time; a failed
 * answer is not kept.
 *
 * @example
 * ```ts
 * const identities = new CallerIdentities((region) => clients.get('sts', region));
 * const caller = await identities.of('eu-west-1'); // { Account, Arn, UserId }
 * ```
 */
export class CallerIdentities {
  private readonly answers = new Map<string, Promise<GetCallerIdentityCommandOutput>>();

  constructor(private readonly stsOf: (region: string) => STSClient) {}

  /** The identity of the credentials of the STS client of `region` (GetCallerIdentity once per access key id). */
  async of(region: string): Promise<GetCallerIdentityCommandOutput> {
    const sts = this.stsOf(region);
    const key = await accessKeyIdOf(sts);
    if (key === null) return sts.send(new GetCallerIdentityCommand({}));
    const kept = this.answers.get(key);
    if (kept !== undefined) return kept;
    const answer = sts.send(new GetCallerIdentityCommand({}));
    this.answers.set(key, answer);
    answer.catch(() => {
      if (this.answers.get(key) === answer) this.answers.delete(key);
    });
    return answer;
  }
}

/** The access key id `sts` signs with now, or null when it cannot be told. */
async function accessKeyIdOf(sts: STSClient): Promise<string | null> {
  const provider = (sts.config as { credentials?: unknown } | undefined)?.credentials;
  if (typeof provider !== 'function') return null;
  try {
    const credentials: unknown = await provider();
    const id = (credentials as { accessKeyId?: unknown } | null)?.accessKeyId;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}
