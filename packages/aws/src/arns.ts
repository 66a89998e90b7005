/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the account, e.g. `instance/i-0abc` or `db:payments`. */
  readonly resource: string;
}

/** Splits an ARN; null when the text is not one. */
export function parseArn(arn: string): ParsedArn | null {
  const match = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(arn);
  if (match === null) return null;
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = match;
  return { partition, service, region, accountId, resource };
}

/** Where a resource lives, for building ARNs. */
export interface Place {
  readonly partition?: string;
  readonly region: string;
  readonly accountId: string;
}

/** The ARN of an EC2 resource (`instance`, `volume`, `security-group`, `elastic-ip`, `snapshot`, `image`). */
export function ec2Arn(place: Place, kind: string, id: string): string {
  return `arn:${place.partition ?? 'aws'}:ec2:${place.region}:${place.accountId}:${kind}/${id}`;
}

/**
 * The id after `prefix` in an ARN of `service` (`db:` for an RDS DB instance,
 * `table/` for a DynamoDB table), or null when the ARN is of something else,
 * names no id, or names a part of one (an id holding `separator`: a table's
 * stream, a function's alias).
 */
export function resourceIdOf(arn: string, service: string, prefix: string, separator: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== service || !parsed.resource.startsWith(prefix)) return null;
  const id = parsed.resource.slice(prefix.length);
  return id === '' || id.includes(separator) ? null : id;
}

/** The id after `kind/` in an EC2 ARN, or null when the ARN is not of that kind. */
export function ec2IdOf(arn: string, kind: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'ec2') return null;
  const prefix = `${kind}/`;
  const id = parsed.resource.slice(prefix.length);
  // An EC2 id is one word (`i-0abc…`, `eipalloc-…`): `instance/i-0abc/extra` names no instance, and is refused.
  return parsed.resource.startsWith(prefix) && /^[A-Za-z0-9-]+$/.test(id) ? id : null;
}
