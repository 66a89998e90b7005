import type { TokenCredential } from '@azure/core-auth';
import type { ContainerClient } from '@azure/storage-blob';
import type { AdvisorPort, ArtifactsPort, DnsPort, MetricsPort, TargetResourcesPort } from '@decomkit/core';
import { type AzureClientOptions, type AzureClientOverrides, AzureClients } from './clients.js';
import { AZURE_CLOUDS, type AzureCloud, type AzureCloudName } from './clouds.js';
import { lazyDefaultCredential } from './credential.js';
import { azureAdvisorPort } from './ports/advisor-port.js';
import { azureBlobArtifactsPort, type BlobRetention } from './ports/blob-artifacts-port.js';
import { type AzureDnsOptions, azureDnsPort } from './ports/dns-port.js';
import { azureTargetMetricsPort } from './ports/target-metrics-port.js';
import { azureTargetResourcesPort } from './ports/target-resources-port.js';

/** Options of {@link azureTarget}. */
export interface AzureTargetOptions {
  /** The subscription the target lives in (a GUID). */
  readonly subscriptionId: string;
  /** A Microsoft Entra credential; `DefaultAzureCredential` (built on the first token asked) when absent. */
  readonly credential?: TokenCredential;
  /** `public` (default), `usGovernment` or `china`: the endpoints and token scopes every client uses. */
  readonly cloud?: AzureCloudName | AzureCloud;
  /** Pre-built SDK clients (tests, proxies, custom pipelines); each one missing is built on first use. */
  readonly clients?: AzureClientOverrides;
  /** Pipeline options for the clients this package builds (an `httpClient`, `retryOptions`). */
  readonly clientOptions?: AzureClientOptions;
  /**
   * The Log Analytics workspace of the workload's Application Insights: latency percentiles are read
   * there. Without it they are reported not measured (platform metrics have none), never invented.
   */
  readonly logs?: { readonly workspaceId: string };
  /**
   * Archive artifacts in this Blob container (never overwritten; SHA-256 in metadata, Content-MD5):
   * `azureTarget` then supplies `artifacts` (the filesystem store stays the embedded default otherwise).
   */
  readonly archive?: {
    readonly accountUrl: string;
    readonly container: string;
    /** Immutability and legal hold set on each artifact as it is uploaded (see {@link BlobRetention}). */
    readonly retention?: BlobRetention;
  };
}

/** The ports {@link azureTarget} supplies. */
export interface AzureTargetPorts {
  readonly targetResources: TargetResourcesPort;
  readonly targetMetrics: MetricsPort;
  readonly advisor: AdvisorPort;
  /** Present when `archive` (or an injected `clients.container`) is given. */
  readonly artifacts?: ArtifactsPort;
}

/** The ports {@link azureTarget} supplies when given an `archive` (or a container): `artifacts` is there for sure. */
export type AzureTargetPortsWithArchive = AzureTargetPorts & { readonly artifacts: ArtifactsPort };

/**
 * The Azure target ports over the Azure SDK for JavaScript:
 * `targetResources` (Resource Graph), `targetMetrics` (Azure Monitor metrics
 * batch API, and latency percentiles from Log Analytics) and `advisor`
 * (Azure Advisor recommendations by Well-Architected pillar, and scores). Every SDK client is built on first use
 * with the chosen cloud's endpoint and scope, and every one is injectable.
 *
 * @example
 * ```ts
 * import { azureTarget } from '@decomkit/azure';
 * const providers = { ...awsSource({ region: 'eu-west-1' }), ...azureTarget({ subscriptionId }) };
 * ```
 */
export function azureTarget(
  options: AzureTargetOptions & { readonly archive: NonNullable<AzureTargetOptions['archive']> },
): AzureTargetPortsWithArchive;
export function azureTarget(
  options: AzureTargetOptions & { readonly clients: { readonly container: ContainerClient } },
): AzureTargetPortsWithArchive;
export function azureTarget(options: AzureTargetOptions): AzureTargetPorts;
export function azureTarget(options: AzureTargetOptions): AzureTargetPorts {
  const clients = clientsOf(options);
  const ports = {
    targetResources: azureTargetResourcesPort(clients),
    targetMetrics: azureTargetMetricsPort(clients, options.logs ?? {}),
    advisor: azureAdvisorPort(clients),
  };
  const container = clients.container(options.archive);
  return container === null
    ? ports
    : { ...ports, artifacts: azureBlobArtifactsPort(container, options.archive?.retention) };
}

/**
 * Azure DNS as a `dns` port serving records of provider `azure` (see
 * {@link azureDnsPort}). Not part of {@link azureTarget}: the AWS source
 * supplies `dns` too (Route 53), and a spread would keep only the last one.
 * Route both with core's `dnsByProvider`, and compose the records with
 * `composeProviders`, which refuses two parts that supply one port.
 *
 * @example
 * ```ts
 * const { dns: route53, ...source } = awsSource({ region: 'eu-west-1' });
 * const providers = composeProviders(source, azureTarget({ subscriptionId }), {
 *   dns: dnsByProvider({ route53, azure: azureDns({ subscriptionId }) }),
 * });
 * ```
 */
export function azureDns(options: AzureTargetOptions & AzureDnsOptions): DnsPort {
  return azureDnsPort(clientsOf(options), options);
}

function clientsOf(options: AzureTargetOptions): AzureClients {
  const cloud = typeof options.cloud === 'object' ? options.cloud : AZURE_CLOUDS[options.cloud ?? 'public'];
  return new AzureClients({
    subscriptionId: options.subscriptionId,
    cloud,
    credential: options.credential ?? lazyDefaultCredential(cloud),
    ...(options.clients === undefined ? {} : { clients: options.clients }),
    ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
  });
}
