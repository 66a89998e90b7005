/**
 * decomkit provider kit: what provider authors (the AWS provider, the fake,
 * an Azure or CMDB provider) share and SDK users never call. It re-exports
 * core's provider-author helpers (`@decomkit/core/provider-kit`: token
 * buckets, the gatherer, tag and idempotency helpers, the hash chain, the
 * port specification version) beside its own — simple
 * handlers, rate-limit claims, the `retirement` port dispatched by ARN, and
 * the EC2 rules both the AWS provider and its emulator enforce.
 *
 * @example
 * ```ts
 * import { claimsOn, retirementPortOf, simpleHandler } from '@decomkit/provider-kit';
 * ```
 * @packageDocumentation
 */

export * from '@decomkit/core/provider-kit';

export { actionParamsError } from './action-params-error.js';
export { type ArtifactPutInput, artifactPutInput } from './artifact-put-input.js';
export { backupCreateParamsError } from './backup-create-params-error.js';
export { type BackupJobState, backupJobOutcome } from './backup-job-outcome.js';
export { chunks } from './chunks.js';
export { claimsOn } from './claims-on.js';
export {
  type CiIdCheck,
  type CmdbRetireInput,
  cmdbRetireInput,
  type ReviewScheduleInput,
  reviewScheduleInput,
} from './cmdb-action-input.js';
export { recordFqdn, relativeRecordName } from './dns-record-names.js';
export { type DnsSetTtlInput, dnsSetTtlInput } from './dns-set-ttl-input.js';
export { done, handlerDone } from './done.js';
export { ec2InstanceBatch } from './ec2-instance-batch.js';
export {
  type Ec2ProtectedCall,
  type Ec2ProtectionRefusalSubject,
  type Ec2ProtectionRefusedOptions,
  ec2ProtectionRefusalOf,
  ec2ProtectionRefused,
} from './ec2-protection-refusal.js';
export { type AttachedVolume, unplannedVolumes } from './ec2-rules.js';
export { goneRead } from './gone-read.js';
export { limited } from './limited.js';
export { type NativeBackupState, nativeBackupOutcome } from './native-backup-outcome.js';
export { nativeSnapshotIdentifier } from './native-snapshot-identifier.js';
export { noProtectionHandler } from './no-protection-handler.js';
export { notStoppableHandler } from './not-stoppable-handler.js';
export { type Place, placeOf } from './place-of.js';
export type { RetirementKind } from './retirement-kind.js';
export { type RetirableType, retirementPortOf } from './retirement-port-of.js';
export { type SimpleHandlerOptions, type SimpleHandlerTarget, simpleHandler } from './simple-handler.js';
export { SOURCE_TAG } from './source-tag.js';
export { type TypeIdentity, targetId } from './target-id.js';
export { typeAndIdOf } from './type-and-id-of.js';
