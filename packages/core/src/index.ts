/**
 * decomkit core: the workload model, the provider spec (ports), the checklist
 * engine with its durable journal, and reports — what an SDK user imports.
 *
 * Helpers only a provider (or a custom journal) needs — token buckets, the
 * gatherer, tag helpers, idempotency tokens, the hash chain — are in
 * `@decomkit/provider-kit`, not here.
 *
 * @example
 * ```ts
 * import { createChecklist, createEngine, defineWorkload, memoryJournal, renderChecklist } from '@decomkit/core';
 * ```
 * @packageDocumentation
 */
export { err, errAsync, ok, okAsync, Result, ResultAsync } from 'neverthrow';
export {
  type AdaptivePacing,
  type AdaptivePacingOptions,
  DEFAULT_ADAPTIVE_PACING,
} from './engine/adaptive-pacing.js';
export type { RunOptions } from './engine/applying.js';
export {
  type ApprovalCoverage,
  type ApprovalOptions,
  type ApprovalRequest,
  type ApprovalTarget,
  DEFAULT_APPROVAL_TARGET_LIMIT,
} from './engine/approvals.js';
export {
  type ApplyOptions,
  createEngine,
  type Engine,
  type EngineOptions,
  type MissingPortsCheck,
} from './engine/create-engine.js';
export type { EngineEvent, EventListener } from './engine/events.js';
export {
  AWS_DEFAULT_RATE_LIMITS,
  createRateLimiter,
  FALLBACK_RATE_LIMIT,
  type PacingOutcome,
  RateLimiter,
  type RateLimitOptions,
} from './engine/rate-limits.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './engine/retry.js';
export { sealArtifactName } from './engine/run-integrity.js';
export type { BucketLimit } from './engine/token-bucket.js';
export {
  type AccessDeniedError,
  type CancelledError,
  type ConflictError,
  type DecomError,
  type DecomErrorCode,
  decomError,
  type ErrorBase,
  type ErrorFields,
  type GateUnmetError,
  type GuardRefusedError,
  type InputIssue,
  type InvalidInputError,
  isRetryable,
  type JournalCorruptError,
  type NotFoundError,
  type NotImplementedError,
  type ProtectionRefusal,
  type ProviderFailureError,
  type ThrottledError,
  type TimedOutError,
} from './errors/decom-error.js';
export { type FileJournalOptions, fileJournal } from './journal/file-journal.js';
export type { ChainHead, RecordSigner } from './journal/hash-chain.js';
export type { Journal, JournalOpenOptions, JournalWriter } from './journal/journal.js';
export type {
  ApprovalCovers,
  JournalEntry,
  JournalRecord,
  LeaseHolder,
  LeaseTakeover,
  RunStatus,
} from './journal/journal-entry.js';
export type { JournalSeal } from './journal/journal-seal.js';
export type { JournaledError } from './journal/journaled-error.js';
export { type MemoryJournal, memoryJournal } from './journal/memory-journal.js';
export type { SigningKey, SigningOptions } from './journal/signing.js';
export { type VerifyJournalOptions, verifyJournal } from './journal/verify-journal.js';
export type { Action, ActionTarget } from './model/action.js';
export { backupParams } from './model/backup-params.js';
export { type Checklist, createChecklist, type InsertOptions } from './model/checklist.js';
export { CHECKLIST_ITEMS, type ChecklistItemId } from './model/checklist-item.js';
export { type Evidence, stillOpen, type VerifyOutcome, verified } from './model/evidence.js';
export type { ExceptedResource } from './model/exceptions.js';
export type { Finding } from './model/finding.js';
export { type Gate, gate } from './model/gate.js';
export {
  DEFAULT_RECENT_CALLER_DAYS,
  HIDDEN_DEPENDENCY_CHECKS,
  type HiddenDependency,
  type HiddenDependencyCheck,
  type HiddenDependencyOptions,
  type HiddenDependencyScan,
  type UncheckedDependencies,
} from './model/hidden-dependency.js';
export { PLAN_SCHEMA_VERSION, type Plan, type PlannedStep } from './model/plan.js';
export type {
  ProtectionFlag,
  Resource,
  ResourceProtection,
  ResourceScope,
  RetireBlocker,
  StackResource,
} from './model/resource.js';
export { protectionKnownOn, protectionUnknown } from './model/resource.js';
export type { ScopeDecision } from './model/scope.js';
export {
  type ActionDraft,
  type ActionRecord,
  type ActionStatus,
  defineStep,
  type PlanContext,
  type PortsOf,
  type Step,
  type StepDefinition,
  type StepPlan,
  type VerifyContext,
} from './model/step.js';
export type { TagRecord } from './model/tags.js';
export { defineWorkload } from './model/workload.js';
export {
  DEFAULT_BACKUP_TIMEOUT_HOURS,
  type DnsRecordSpec,
  type EmptyContentsMode,
  type ResourcePolicy,
  resourcePolicySchema,
  type SourceSelector,
  type Workload,
  type WorkloadException,
  type WorkloadInput,
  workloadExceptionSchema,
  workloadSchema,
} from './model/workload-schema.js';
export {
  type DecommissionRecordInput,
  renderDecommissionRecord,
} from './report/decommission-record-markdown.js';
export { type JsonReport, jsonReport, REPORT_SCHEMA_VERSION } from './report/json-report.js';
export {
  decommissionRecordMarkdownName,
  type PublishDecommissionRecordInput,
  type PublishedDecommissionRecord,
  publishDecommissionRecord,
} from './report/publish-decommission-record.js';
export { renderChecklist } from './report/render-checklist.js';
export { type RenderPlanOptions, renderPlan } from './report/render-plan.js';
export {
  REPORT_HTML_CONTENT_SECURITY_POLICY,
  type ReportHtmlOptions,
  renderReportHtml,
} from './report/render-report-html.js';
export type { ApprovalReport, ItemReport, RunReport, StepReport } from './report/run-report.js';
export type {
  ActionHandler,
  ActionHandlers,
  BatchHandler,
  HandlerContext,
  HandlerOutcome,
  PlannedAction,
  PortBase,
  PortHandlers,
  RateLimitClaim,
  ReadonlyPorts,
  ReconcileOutcome,
} from './spec/action-handler.js';
export type {
  ActionKind,
  ActionKinds,
  ActionParams,
  ArtifactPutParams,
  BackupCreateParams,
  DnsSetTtlParams,
  NoParams,
  UncheckedParams,
} from './spec/action-kinds.js';
export type { AdvisorPort, AdvisorRecommendation, AdvisorScore } from './spec/advisor.js';
export type { ArtifactRef, ArtifactStore, ArtifactsPort } from './spec/artifacts.js';
export type { AssessmentPort, AssessmentWorkload } from './spec/assessment.js';
export type { BackupsPort, RecoveryPoint } from './spec/backups.js';
export type { BaselineMeasure, BaselineMetrics } from './spec/baseline-metrics.js';
export type { ClockPort } from './spec/clock.js';
export type { CloudConfigurationItem, CmdbPort, ConfigurationItem } from './spec/cmdb.js';
export {
  type ComposedProviders,
  composeProviders,
  type DuplicatePorts,
  type NoDuplicatePorts,
} from './spec/compose-providers.js';
export type { ConfigInventoryPort, ConfigRecord } from './spec/config-inventory.js';
export type { CostFigure, CostsPort } from './spec/costs.js';
export type { DnsPort, DnsRecordState } from './spec/dns.js';
export { type DnsProviderName, dnsByProvider } from './spec/dns-by-provider.js';
export type { CallerIdentity, IdentityPort } from './spec/identity.js';
export type { InventoryPort } from './spec/inventory.js';
export type { MetricQuery, MetricSeries, MetricsPort, TimeWindow } from './spec/metrics.js';
export type { PortMap, PortName, Providers, SuppliedPorts } from './spec/providers.js';
export type { ReplicationPort, ReplicationTask } from './spec/replication.js';
export type { ResourceTypeTraits } from './spec/resource-type-traits.js';
export { RETIREMENT_ACTIONS, type RetirementActionKind, type RetirementPort } from './spec/retirement.js';
export { PORT_SPECIFICATION_VERSION } from './spec/specification-version.js';
export type { AzureResource, TargetResourcesPort } from './spec/target-resources.js';
export { cleanUpArtifacts, decommissionRecordName } from './steps/clean-up-artifacts.js';
export { confirmCutoverTraffic } from './steps/confirm-cutover-traffic.js';
export { CONFIG_LAG_TOLERANCE_HOURS, confirmDeletion } from './steps/confirm-deletion.js';
export { decommissionChecklist, STANDARD_STEPS, type StandardPorts } from './steps/decommission-checklist.js';
export { BASELINE_WINDOW_HOURS, baselineName, establishBaseline } from './steps/establish-baseline.js';
export { exportAssessment } from './steps/export-assessment.js';
export { finalBackups } from './steps/final-backups.js';
export { finalizeCutover } from './steps/finalize-cutover.js';
export { resetTtl } from './steps/reset-ttl.js';
export { retireResources } from './steps/retire-resources.js';
export { advisorSnapshotName, REVIEW_CADENCE_MONTHS, scheduleWafReview } from './steps/schedule-waf-review.js';
export type { Returned } from './util/awaitable.js';
export type { JsonObject, JsonValue } from './util/json.js';
export { REDACTED, redactSecrets } from './util/redact.js';
