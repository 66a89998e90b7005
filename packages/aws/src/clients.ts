import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

/** The SDK clients decomkit uses, by service. */
export interface AwsClients {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly ec2: EC2Client;
  readonly tagging: ResourceGroupsTaggingAPIClient;
}

/** How clients are made: region(s), credentials, endpoint, or pre-built clients (tests inject them). */
export interface AwsClientOptions {
  /** Credentials; default: the SDK's provider chain (environment, profiles, SSO, roles). */
  readonly credentials?: STSClientConfig['credentials'];
  /** One endpoint for every service (an emulator such as moto_server). */
  readonly endpoint?: string;
  /** Pre-built clients per region; any client not given is made from the options. */
  readonly clients?: (region: string) => Partial<AwsClients>;
  /**
   * SDK-level attempts per call; default 1. The engine already retries
   * throttling and 5xx with jittered back-off under its own token buckets, so
   * SDK retries would multiply attempts and hide throttling from the buckets.
   */
  readonly maxAttempts?: number;
}

/** One client per (service, region), made on first use and kept. */
export class ClientCache {
  private readonly byRegion = new Map<string, AwsClients>();

  constructor(private readonly options: AwsClientOptions) {}

  for(region: string): AwsClients {
    let clients = this.byRegion.get(region);
    if (clients === undefined) {
      const given = this.options.clients?.(region) ?? {};
      const config = {
        region,
        maxAttempts: this.options.maxAttempts ?? 1,
        ...(this.options.credentials === undefined ? {} : { credentials: this.options.credentials }),
        ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
      };
      clients = {
        sts: given.sts ?? new STSClient(config),
        iam: given.iam ?? new IAMClient(config),
        ec2: given.ec2 ?? new EC2Client(config),
        tagging: given.tagging ?? new ResourceGroupsTaggingAPIClient(config),
      };
      this.byRegion.set(region, clients);
    }
    return clients;
  }
}
