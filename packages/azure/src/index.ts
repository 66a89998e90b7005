/**
 * `@decomkit/azure`: decomkit's Azure target ports over the Azure SDK for
 * JavaScript, contract-tested against the Azure REST API's own examples.
 *
 * @example
 * ```ts
 * import { azureTarget } from '@decomkit/azure';
 * const providers = { ...azureTarget({ subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11' }) };
 * ```
 * @packageDocumentation
 */

export {
  type AzureCallOptions,
  type AzureCallSubject,
  type AzureErrorCause,
  azureCall,
  azureErrorCause,
  mapAzureError,
  redactCredentials,
} from './azure-call.js';
export {
  type AzureTargetOptions,
  type AzureTargetPorts,
  type AzureTargetPortsWithArchive,
  azureDns,
  azureTarget,
} from './azure-target.js';
export {
  type AzureClientOptions,
  type AzureClientOverrides,
  type AzureClientSettings,
  AzureClients,
} from './clients.js';
export { AZURE_CLOUDS, type AzureCloud, type AzureCloudName, metricsEndpoint, scopeOf } from './clouds.js';
export { lazyDefaultCredential } from './credential.js';
export {
  type AzureRecordAddress,
  type AzureRecordRead,
  readRecordSet,
  recordValues,
  relativeNameOf,
  zoneNameOf,
  zoneResourceGroup,
} from './dns/record-sets.js';
export { AZURE_BASELINE_METRICS } from './metrics/baseline-catalogue.js';
export {
  PERCENTILES_NOT_MEASURED,
  type PercentileQuery,
  percentileKql,
  percentileSeries,
} from './metrics/latency-percentiles.js';
export { metricInterval, windowDates } from './metrics/metric-interval.js';
export { type PlatformQuery, type PlatformStatistic, platformSeries } from './metrics/platform-metrics.js';
export {
  type AzureRoleDefinition,
  type AzureRoleDefinitionOptions,
  azureRoleDefinition,
} from './permissions/azure-role-definition.js';
export { ADVISOR_API_VERSION, azureAdvisorPort, PILLAR_OF_ADVISOR_CATEGORY } from './ports/advisor-port.js';
export { azureBlobArtifactsPort, type BlobRetention, SHA256_METADATA } from './ports/blob-artifacts-port.js';
export { type AzureDnsOptions, azureDnsPort } from './ports/dns-port.js';
export { type AzureMetricsOptions, azureTargetMetricsPort } from './ports/target-metrics-port.js';
export { azureTargetResourcesPort } from './ports/target-resources-port.js';
export { resourceGraphRows } from './resource-graph-rows.js';
