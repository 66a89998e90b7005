/**
 * decomkit core: the workload model, the provider spec (ports), the checklist
 * engine with its durable journal, and reports.
 *
 * @example
 * ```ts
 * import { createChecklist, createEngine, defineWorkload, memoryJournal, renderChecklist } from '@decomkit/core';
 * ```
 * @packageDocumentation
 */
export { err, errAsync, ok, okAsync, Result, ResultAsync } from 'neverthrow';
export type { RunOptions } from './engine/applying.js';
export {
  type ApprovalCoverage,
  type ApprovalOptions,
  type ApprovalRequest,
  type ApprovalTarget,
  DEFAULT_APPROVAL_TARGET_LIMIT,
} from './engine/approvals.js';
export * from './engine/create-engine.js';
export * from './engine/events.js';
export { GATHER_MAX_WAIT_MILLISECONDS, GATHER_QUIET_MILLISECONDS, Gatherer } from './engine/gatherer.js';
export { AWS_DEFAULT_RATE_LIMITS, FALLBACK_RATE_LIMIT, type RateLimitOptions } from './engine/rate-limits.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './engine/retry.js';
export { sealArtifactName } from './engine/run-integrity.js';
export { type BucketLimit, TokenBucket } from './engine/token-bucket.js';
export * from './errors/decom-error.js';
export * from './journal/file-journal.js';
export type { ChainHead, RecordSigner } from './journal/hash-chain.js';
export { chainRecord, GENESIS_HASH } from './journal/hash-chain.js';
export * from './journal/journal.js';
export * from './journal/journal-entry.js';
export type { JournalSeal } from './journal/journal-seal.js';
export { type JournaledError, journaledError } from './journal/journaled-error.js';
export * from './journal/memory-journal.js';
export type { SigningKey, SigningOptions } from './journal/signing.js';
export { type VerifyJournalOptions, verifyJournal } from './journal/verify-journal.js';
export * from './model/action.js';
export * from './model/backup-params.js';
export * from './model/checklist.js';
export * from './model/checklist-item.js';
export * from './model/evidence.js';
export * from './model/finding.js';
export * from './model/gate.js';
export * from './model/plan.js';
export * from './model/resource.js';
export * from './model/scope.js';
export * from './model/step.js';
export * from './model/tags.js';
export * from './model/workload.js';
export * from './model/workload-schema.js';
export * from './report/json-report.js';
export * from './report/render-checklist.js';
export * from './report/render-plan.js';
export type { ApprovalReport, ItemReport, RunReport, StepReport } from './report/run-report.js';
export * from './spec/action-handler.js';
export * from './spec/action-kinds.js';
export * from './spec/advisor.js';
export * from './spec/artifacts.js';
export * from './spec/assessment.js';
export * from './spec/assessment-export.js';
export * from './spec/backups.js';
export * from './spec/clock.js';
export * from './spec/cmdb.js';
export * from './spec/compose-providers.js';
export * from './spec/config-inventory.js';
export * from './spec/costs.js';
export * from './spec/dns.js';
export * from './spec/dns-by-provider.js';
export * from './spec/identity.js';
export * from './spec/inventory.js';
export * from './spec/metrics.js';
export * from './spec/port-handler.js';
export * from './spec/providers.js';
export * from './spec/replication.js';
export * from './spec/resource-type-traits.js';
export * from './spec/retirement.js';
export * from './spec/specification-version.js';
export * from './spec/target-resources.js';
export * from './steps/clean-up-artifacts.js';
export * from './steps/confirm-cutover-traffic.js';
export * from './steps/confirm-deletion.js';
export * from './steps/decommission-checklist.js';
export * from './steps/establish-baseline.js';
export * from './steps/export-assessment.js';
export * from './steps/final-backups.js';
export * from './steps/finalize-cutover.js';
export * from './steps/reset-ttl.js';
export {
  backupRequired,
  resourceTarget,
  type TypeTraits,
  typeTraitsOf,
} from './steps/resource-kinds.js';
export * from './steps/retire-resources.js';
export * from './steps/schedule-waf-review.js';
export type { Returned } from './util/awaitable.js';
export { sha256 } from './util/hash.js';
export { canonicalJson, type JsonObject, type JsonValue, writeCanonicalJson } from './util/json.js';
export { REDACTED, redactSecrets } from './util/redact.js';
