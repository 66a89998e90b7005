/**
 * The part of core that provider authors (and authors of a custom journal)
 * need and SDK users never call: rate-limit buckets and the gatherer, tag
 * and idempotency helpers, the assessment-export helpers both providers
 * share, the hash chain and the port specification version.
 *
 * Import it from `@decomkit/provider-kit`, which re-exports all of it beside
 * the kit's own helpers; `@decomkit/core/provider-kit` is its source.
 *
 * @example
 * ```ts
 * import { idempotencyToken, PORT_SPECIFICATION_VERSION, TokenBucket } from '@decomkit/provider-kit';
 * ```
 * @packageDocumentation
 */
export {
  GATHER_EXPECTED_MAX_WAIT_MILLISECONDS,
  GATHER_EXPECTED_QUIET_MILLISECONDS,
  GATHER_MAX_WAIT_MILLISECONDS,
  GATHER_QUIET_MILLISECONDS,
  Gatherer,
  type GathererOptions,
} from './engine/gatherer.js';
export { type BucketLimit, TokenBucket } from './engine/token-bucket.js';
export { fromUnknown } from './errors/decom-error.js';
export { type ChainHead, chainRecord, GENESIS_HASH, type RecordSigner } from './journal/hash-chain.js';
export { ACTION_TAG, idempotencyToken } from './model/action.js';
export { BACKUP_RETENTION_SLACK_DAYS, backupRetentionDays, RESOURCE_IDENTITY_TAG } from './model/backup-params.js';
export { STACK_NAME_TAG } from './model/resource.js';
export { carriesEveryTag, tagRecordOf, tagValue } from './model/tags.js';
export {
  type AssessmentExportInput,
  assessmentArtifactNames,
  assessmentExportInput,
  exportMilestoneName,
  type LensExport,
  lensesToExport,
  storedLensExport,
  storeLensExport,
} from './spec/assessment-export.js';
export { systemClock } from './spec/clock.js';
export { DESCRIBE_SCOPES_MAX_ARNS } from './spec/inventory.js';
export { portHandler } from './spec/port-handler.js';
export { RETIREMENT_ACTIONS } from './spec/retirement.js';
export { PORT_SPECIFICATION_VERSION } from './spec/specification-version.js';
export { resourceTarget } from './steps/resource-kinds.js';
export { sha256 } from './util/hash.js';
