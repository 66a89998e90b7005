import { AdvisorManagementClient } from '@azure/arm-advisor';
import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { type AzureCloud, metricsEndpoint, scopeOf } from './clouds.js';

/** Pipeline options given to every SDK client {@link AzureClients} builds (tests inject an `httpClient`). */
export interface AzureClientOptions {
  /** The HTTP client under every pipeline (default: the SDK's Node client). */
  readonly httpClient?: HttpClient;
  /** The SDK's own retries (429 with `Retry-After`, 5xx): at most 3 by default. */
  readonly retryOptions?: PipelineRetryOptions;
}

/** Pre-built SDK clients, one per service; the metrics client is per region, so give a function of it. */
export interface AzureClientOverrides {
  readonly resourceGraph?: ResourceGraphClient;
  readonly metrics?: (region: string) => MetricsClient;
  readonly logs?: LogsQueryClient;
  readonly dns?: DnsManagementClient;
  readonly advisor?: AdvisorManagementClient;
  /** The Blob container artifacts are archived in (Azurite in the tests). */
  readonly container?: ContainerClient;
}

/** What {@link AzureClients} needs. */
export interface AzureClientSettings {
  readonly subscriptionId: string;
  readonly cloud: AzureCloud;
  readonly credential: TokenCredential;
  readonly clients?: AzureClientOverrides;
  readonly clientOptions?: AzureClientOptions;
}

/**
 * The Azure SDK clients of one target, each built on first use with the
 * cloud's endpoint and token scope, or taken from `clients` when given.
 *
 * @example
 * ```ts
 * const clients = new AzureClients({ subscriptionId, cloud: AZURE_CLOUDS.public, credential });
 * await clients.resourceGraph().resources({ query: 'Resources | limit 1', subscriptions: [subscriptionId] });
 * ```
 */
export class AzureClients {
  private graph: ResourceGraphClient | undefined;
  private logsClient: LogsQueryClient | undefined;
  private dnsClient: DnsManagementClient | undefined;
  private advisorClient: AdvisorManagementClient | undefined;
  private readonly metricsByRegion = new Map<string, MetricsClient>();

  constructor(readonly settings: AzureClientSettings) {}

  /** The subscription the target works in. */
  get subscriptionId(): string {
    return this.settings.subscriptionId;
  }

  /** Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`). */
  resourceGraph(): ResourceGraphClient {
    this.graph ??=
      this.settings.clients?.resourceGraph ??
      new ResourceGraphClient(this.settings.credential, {
        ...this.pipelineOptions(),
        endpoint: this.settings.cloud.resourceManager,
        credentials: { scopes: [scopeOf(this.settings.cloud.resourceManager)] },
      });
    return this.graph;
  }

  /** Azure Monitor metrics, batch API, at the regional endpoint of `region`. */
  metrics(region: string): MetricsClient {
    const key = region.toLowerCase();
    let client = this.metricsByRegion.get(key);
    if (client === undefined) {
      client =
        this.settings.clients?.metrics?.(key) ??
        new MetricsClient(metricsEndpoint(this.settings.cloud, key), this.settings.credential, {
          ...this.pipelineOptions(),
          credentials: { scopes: [scopeOf(this.settings.cloud.resourceManager)] },
        });
      this.metricsByRegion.set(key, client);
    }
    return client;
  }

  /** Log Analytics queries (`POST /v1/workspaces/{id}/query`). */
  logs(): LogsQueryClient {
    this.logsClient ??=
      this.settings.clients?.logs ??
      new LogsQueryClient(this.settings.credential, {
        ...this.pipelineOptions(),
        // The client drops its `/v1` when given an endpoint: give it whole.
        endpoint: `${this.settings.cloud.logAnalytics}/v1`,
        credentials: { scopes: [scopeOf(this.settings.cloud.logAnalytics)] },
      });
    return this.logsClient;
  }

  /** Azure DNS record sets. */
  dns(): DnsManagementClient {
    this.dnsClient ??=
      this.settings.clients?.dns ??
      new DnsManagementClient(this.settings.credential, this.settings.subscriptionId, {
        ...this.pipelineOptions(),
        endpoint: this.settings.cloud.resourceManager,
        credentialScopes: [scopeOf(this.settings.cloud.resourceManager)],
      });
    return this.dnsClient;
  }

  /** Azure Advisor recommendations and scores. */
  advisor(): AdvisorManagementClient {
    this.advisorClient ??=
      this.settings.clients?.advisor ??
      new AdvisorManagementClient(this.settings.credential, this.settings.subscriptionId, {
        ...this.pipelineOptions(),
        endpoint: this.settings.cloud.resourceManager,
        credentialScopes: [scopeOf(this.settings.cloud.resourceManager)],
        // The SDK defaults to 2020-01-01; 2023-01-01 is the version of the Advisor score and the contract examples.
        apiVersion: '2023-01-01',
      });
    return this.advisorClient;
  }

  /** The Blob container at `accountUrl` (token credential), unless one was given. */
  container(archive: { readonly accountUrl: string; readonly container: string } | undefined): ContainerClient | null {
    if (this.settings.clients?.container !== undefined) return this.settings.clients.container;
    if (archive === undefined) return null;
    // Blob Storage has a pipeline of its own (its own retries): only the credential is shared.
    return new BlobServiceClient(archive.accountUrl, this.settings.credential).getContainerClient(archive.container);
  }

  private pipelineOptions(): AzureClientOptions {
    const { httpClient, retryOptions } = this.settings.clientOptions ?? {};
    return {
      ...(httpClient === undefined ? {} : { httpClient }),
      ...(retryOptions === undefined ? {} : { retryOptions }),
    };
  }
}
