/** The Azure clouds {@link azureTarget} can work in. */
export type AzureCloudName = 'public' | 'usGovernment' | 'china';

/** The endpoints and token audiences of one Azure cloud. */
export interface AzureCloud {
  readonly name: AzureCloudName;
  /** Microsoft Entra ID, where tokens come from. */
  readonly authorityHost: string;
  /** Azure Resource Manager (Resource Graph, DNS, Advisor); also the metrics audience. */
  readonly resourceManager: string;
  /** The regional metrics endpoint (`https://{region}.metrics…`) host suffix. */
  readonly metricsHostSuffix: string;
  /** The Log Analytics query API. */
  readonly logAnalytics: string;
  /** Blob Storage account host suffix (`{account}.blob…`). */
  readonly blobHostSuffix: string;
}

/**
 * The public, US Government and China clouds (Microsoft's documented
 * endpoints). Every client of {@link azureTarget} takes its endpoint and its
 * token scope from the one chosen, so a token is never asked of another cloud.
 *
 * @example
 * ```ts
 * const target = azureTarget({ subscriptionId, cloud: 'usGovernment' });
 * AZURE_CLOUDS.usGovernment.resourceManager; // 'https://management.usgovcloudapi.net'
 * ```
 */
export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloud>> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    resourceManager: 'https://management.azure.com',
    metricsHostSuffix: 'metrics.monitor.azure.com',
    logAnalytics: 'https://api.loganalytics.io',
    blobHostSuffix: 'blob.core.windows.net',
  },
  usGovernment: {
    name: 'usGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    resourceManager: 'https://management.usgovcloudapi.net',
    metricsHostSuffix: 'metrics.monitor.azure.us',
    logAnalytics: 'https://api.loganalytics.us',
    blobHostSuffix: 'blob.core.usgovcloudapi.net',
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManager: 'https://management.chinacloudapi.cn',
    metricsHostSuffix: 'metrics.monitor.azure.cn',
    logAnalytics: 'https://api.loganalytics.azure.cn',
    blobHostSuffix: 'blob.core.chinacloudapi.cn',
  },
};

/** The token scope of an endpoint (`https://management.azure.com/.default`). */
export function scopeOf(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/.default`;
}

/** The regional metrics endpoint of `region` in `cloud` (`https://westeurope.metrics.monitor.azure.com`). */
export function metricsEndpoint(cloud: AzureCloud, region: string): string {
  return `https://${region.toLowerCase().replace(/\s+/g, '')}.${cloud.metricsHostSuffix}`;
}
