/** One `Allow` statement of an IAM or resource policy, reduced to what dependency checks read. */
export interface AllowStatement {
  readonly sid: string | null;
  /** AWS principals (`*`, account ids, ARNs) and service principals (`sns.amazonaws.com`); empty in identity policies. */
  readonly principals: readonly string[];
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** The `aws:SourceArn` / `aws:SourceAccount` values its conditions name (who a service principal acts for). */
  readonly sources: readonly string[];
}

/**
 * The `Allow` statements of a policy document (JSON text, URL-encoded as IAM
 * returns it, or already parsed). `null` when the text is not a policy:
 * a check that cannot read a policy must not take it for an empty one.
 *
 * @example
 * ```ts
 * allowStatements('{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:*","Resource":"*"}]}');
 * // [{ sid: null, principals: ['444455556666'], actions: ['sqs:*'], resources: ['*'], sources: [] }]
 * ```
 */
export function allowStatements(document: unknown): AllowStatement[] | null {
  const parsed = typeof document === 'string' ? parsedPolicy(document) : document;
  if (parsed === null || typeof parsed !== 'object') return null;
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  const allows: AllowStatement[] = [];
  for (const statement of list) {
    if (statement === null || typeof statement !== 'object') return null;
    const fields = statement as Record<string, unknown>;
    if (fields.Effect !== 'Allow') continue;
    allows.push({
      sid: typeof fields.Sid === 'string' ? fields.Sid : null,
      principals: principalsIn(fields.Principal),
      actions: strings(fields.Action),
      resources: strings(fields.Resource),
      sources: sourcesIn(fields.Condition),
    });
  }
  return allows;
}

function parsedPolicy(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === null) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // not JSON as it stands: IAM returns documents URL-encoded
    }
  }
  return null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function principalsIn(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (principal === null || typeof principal !== 'object') return [];
  const fields = principal as Record<string, unknown>;
  return [...strings(fields.AWS), ...strings(fields.Service), ...strings(fields.Federated)];
}

const SOURCE_KEYS = /^aws:(SourceArn|SourceAccount|SourceOwner)$/i;

function sourcesIn(condition: unknown): string[] {
  if (condition === null || typeof condition !== 'object') return [];
  const sources: string[] = [];
  for (const operands of Object.values(condition as Record<string, unknown>)) {
    if (operands === null || typeof operands !== 'object') continue;
    for (const [key, value] of Object.entries(operands as Record<string, unknown>)) {
      if (SOURCE_KEYS.test(key)) sources.push(...strings(value));
    }
  }
  return sources;
}

/**
 * A test of whether an IAM `Resource` pattern grants an ARN specifically: the
 * pattern matches the ARN (or, for a bucket, its objects), and its wildcards
 * begin only inside the resource's own name. `*` or `arn:aws:sqs:*:*:*` grant
 * everything and say nothing about this workload;
 * `arn:aws:sqs:eu-west-1:111122223333:payments-*` names its queues.
 *
 * @example
 * ```ts
 * specificGrant('arn:aws:sqs:eu-west-1:111122223333:payments-*')('arn:aws:sqs:eu-west-1:111122223333:payments-jobs'); // true
 * specificGrant('*')('arn:aws:sqs:eu-west-1:111122223333:payments-jobs'); // false
 * ```
 */
export function specificGrant(pattern: string): (arn: string) => boolean {
  const wildcard = pattern.search(/[*?]/);
  const body = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const matcher = new RegExp(`^${body}$`);
  return (arn) =>
    (wildcard === -1 || wildcard > nameStartOf(arn)) && (matcher.test(arn) || matcher.test(`${arn}/object`));
}

/** Where the resource's own name begins in its ARN (after `type/` or `type:`, or after the account). */
export function nameStartOf(arn: string): number {
  const head = arn.split(':').slice(0, 5).join(':').length + 1;
  const separator = arn.slice(head).search(/[/:]/);
  return head + (separator === -1 ? 0 : separator + 1);
}
