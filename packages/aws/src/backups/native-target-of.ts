import { parseArn } from '../arns.js';

/** A resource whose native backup goes `via` one service call family: its id and region. */
export interface NativeTargetOf<Via extends string> {
  readonly via: Via;
  readonly id: string;
  readonly region: string;
}

/**
 * The native backup target `via` of `arn`, given the id read from it (null when the ARN is not of that type).
 *
 * @example
 * ```ts
 * nativeTargetOf('rds-cluster', arn, dbClusterIdOf(arn)); // { via: 'rds-cluster', id: 'payments-ledger', region: 'eu-west-1' }
 * ```
 */
export function nativeTargetOf<Via extends string>(
  via: Via,
  arn: string,
  id: string | null,
): NativeTargetOf<Via> | null {
  return id === null ? null : { via, id, region: parseArn(arn)?.region ?? '' };
}
