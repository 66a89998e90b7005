import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import { RateLimiter } from '@decomkit/core';
import { type BucketLimit, systemClock } from '@decomkit/provider-kit';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { CallerIdentities } from './caller-identities.js';
import { FreshReads } from './fresh-reads.js';
import { paceRequests } from './paced-requests.js';
import { AWS_READ_RATE_LIMITS } from './read-rate-limits.js';
import { PACED_SERVICES } from './request-buckets.js';

/** Credentials as the SDK takes them: a key pair (and session token) or a provider function. */
export type AwsCredentials = NonNullable<EC2ClientConfig['credentials']>;

/** The AWS SDK clients decomkit uses, by service. */
export interface AwsClientTypes {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly cloudformation: CloudFormationClient;
  readonly backup: BackupClient;
  readonly autoscaling: AutoScalingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly lambda: LambdaClient;
  readonly cloudwatch: CloudWatchClient;
  readonly dms: DatabaseMigrationServiceClient;
  readonly wellarchitected: WellArchitectedClient;
  readonly config: ConfigServiceClient;
  readonly costexplorer: CostExplorerClient;
  readonly route53: Route53Client;
  readonly ecs: ECSClient;
  readonly ecr: ECRClient;
  readonly kinesis: KinesisClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
  readonly logs: CloudWatchLogsClient;
  readonly secretsmanager: SecretsManagerClient;
  readonly kms: KMSClient;
  readonly elasticache: ElastiCacheClient;
  readonly efs: EFSClient;
  readonly redshift: RedshiftClient;
  readonly opensearch: OpenSearchClient;
  readonly apigateway: APIGatewayClient;
  readonly apigatewayv2: ApiGatewayV2Client;
  readonly cloudfront: CloudFrontClient;
  readonly eks: EKSClient;
  readonly cloudtrail: CloudTrailClient;
}

/** A service decomkit calls. */
export type AwsService = keyof AwsClientTypes;

/**
 * Pre-built clients to use instead of the ones decomkit would build: one
 * client for every region, or a function from region to client (tests
 * inject clients pointed at an emulator, or wrapped by `aws-sdk-client-mock`).
 */
export type AwsClientOverrides = {
  readonly [Service in AwsService]?: AwsClientTypes[Service] | ((region: string) => AwsClientTypes[Service]);
};

/** How clients are built when not injected. */
export interface AwsClientSettings {
  /** Explicit credentials; the SDK's default provider chain (env, profiles, SSO, roles) when absent. */
  readonly credentials?: AwsCredentials;
  /** An endpoint for every service (an emulator such as moto_server); the real AWS endpoints when absent. */
  readonly endpoint?: string;
  /** SDK attempts per call, the first included (standard retry mode; see the package README). Default 3. */
  readonly maxAttempts?: number;
  /** Pre-built clients. */
  readonly clients?: AwsClientOverrides;
  /** How long a handler asks the engine to wait between polls of a long operation. Default 60,000 ms. */
  readonly pollMilliseconds?: number;
  /**
   * Limits on the read requests (Describe*, List*, Get*) of the clients
   * decomkit builds, by service name, one bucket per (service, account,
   * region) shared by every client: {@link AWS_READ_RATE_LIMITS} by default
   * (EC2: 100 at once, 20 a second), merged with these; `false` lifts them and
   * the clients' pacing (an emulator). Injected clients are used as given.
   * With `rateLimiter` given, its own limits apply instead.
   */
  readonly readRateLimits?: Readonly<Record<string, BucketLimit>> | false;
  /**
   * The rate limiter the clients decomkit builds draw on and report throttles
   * to (see `paceRequests`): give the engine's (`createRateLimiter`, then
   * `createEngine({ rateLimiter })`) so both pace one bucket per (service,
   * bucket, account, region). By default one of their own, shared by all of
   * them, with adaptive pacing from AWS's documented limits.
   */
  readonly rateLimiter?: RateLimiter;
}

/** The default wait between polls of a backup job, a snapshot or an RDS delete. */
export const DEFAULT_POLL_MILLISECONDS = 60_000;

const constructors: { readonly [Service in AwsService]: new (config: object) => AwsClientTypes[Service] } = {
  sts: STSClient,
  iam: IAMClient,
  ec2: EC2Client,
  rds: RDSClient,
  tagging: ResourceGroupsTaggingAPIClient,
  cloudformation: CloudFormationClient,
  backup: BackupClient,
  autoscaling: AutoScalingClient,
  elbv2: ElasticLoadBalancingV2Client,
  s3: S3Client,
  sqs: SQSClient,
  dynamodb: DynamoDBClient,
  lambda: LambdaClient,
  cloudwatch: CloudWatchClient,
  dms: DatabaseMigrationServiceClient,
  wellarchitected: WellArchitectedClient,
  config: ConfigServiceClient,
  costexplorer: CostExplorerClient,
  route53: Route53Client,
  ecs: ECSClient,
  ecr: ECRClient,
  kinesis: KinesisClient,
  sfn: SFNClient,
  sns: SNSClient,
  events: EventBridgeClient,
  logs: CloudWatchLogsClient,
  secretsmanager: SecretsManagerClient,
  kms: KMSClient,
  elasticache: ElastiCacheClient,
  efs: EFSClient,
  redshift: RedshiftClient,
  opensearch: OpenSearchClient,
  apigateway: APIGatewayClient,
  apigatewayv2: ApiGatewayV2Client,
  cloudfront: CloudFrontClient,
  eks: EKSClient,
  cloudtrail: CloudTrailClient,
};

/** Services with one global endpoint (CloudFront's control plane is in `us-east-1`): their clients live in `us-east-1` whatever region is asked for. */
const GLOBAL_SERVICES: ReadonlySet<AwsService> = new Set<AwsService>(['iam', 'route53', 'costexplorer', 'cloudfront']);

/**
 * One SDK client per (service, region), made on first use and reused. IAM,
 * Route 53, Cost Explorer and CloudFront are global: their clients live in `us-east-1`
 * whatever region is asked for. S3 clients use path-style addressing when an
 * endpoint is given (emulators have no per-bucket host names), and Kinesis
 * clients HTTP/1.1 (emulators do not speak HTTP/2).
 */
export class AwsClients {
  private readonly made = new Map<string, AwsClientTypes[AwsService]>();
  /** STS GetCallerIdentity, asked once per credentials (access key id) for every port of these clients. */
  readonly callers = new CallerIdentities((region) => this.get('sts', region));
  /**
   * The engine's re-reads of RDS resources, handed to the handler that acts on
   * each next (taken once, at most a few seconds old): see {@link FreshReads}.
   */
  readonly freshReads = new FreshReads();
  private account: Promise<string> | null = null;
  /** The limiter every client built here draws on (the one given, or this object's own). */
  readonly rateLimiter: RateLimiter;

  constructor(private readonly settings: AwsClientSettings = {}) {
    this.rateLimiter = settings.rateLimiter ?? new RateLimiter(systemClock, { limits: readBucketLimits(settings) });
  }

  /**
   * The account the credentials act in, from STS once (the key of the
   * clients' buckets; {@link AwsClients.callers}' answer, shared with the ports),
   * asked in `region` (the region of the first client that needs it: a
   * regional STS endpoint); `unknown` when it cannot be read (the clients of
   * this source then still share their buckets, under that name).
   */
  accountId(region: string): Promise<string> {
    this.account ??= this.callers.of(region).then(
      (identity) => identity?.Account ?? 'unknown',
      () => 'unknown',
    );
    return this.account;
  }

  /** The wait between polls of long operations that handlers ask for. */
  get pollMilliseconds(): number {
    return this.settings.pollMilliseconds ?? DEFAULT_POLL_MILLISECONDS;
  }

  /** The client of `service` in `region`. */
  get<Service extends AwsService>(service: Service, region: string): AwsClientTypes[Service] {
    const home = GLOBAL_SERVICES.has(service) ? 'us-east-1' : region;
    const id = `${service}:${home}`;
    const cached = this.made.get(id);
    if (cached !== undefined) return cached as AwsClientTypes[Service];
    const client = this.build(service, home);
    this.made.set(id, client);
    return client;
  }

  private build<Service extends AwsService>(service: Service, region: string): AwsClientTypes[Service] {
    const injected = this.settings.clients?.[service] as
      | AwsClientTypes[Service]
      | ((region: string) => AwsClientTypes[Service])
      | undefined;
    if (typeof injected === 'function') return injected(region);
    if (injected !== undefined) return injected;
    const { credentials, endpoint, maxAttempts, readRateLimits } = this.settings;
    const client = new constructors[service]({
      region,
      retryMode: 'standard',
      maxAttempts: maxAttempts ?? 3,
      ...(credentials === undefined ? {} : { credentials }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(endpoint !== undefined && service === 's3' ? { forcePathStyle: true } : {}),
      // The Kinesis client speaks HTTP/2 by default, which emulators (HTTP/1.1 only) refuse.
      ...(endpoint !== undefined && service === 'kinesis' ? { requestHandler: new NodeHttpHandler() } : {}),
    });
    if (readRateLimits === false || !PACED_SERVICES.has(service)) return client;
    return paceRequests(client, {
      service,
      region,
      rateLimiter: this.rateLimiter,
      accountId: () => this.accountId(region),
    });
  }
}

/** The bucket each service's read limit fills (`readRateLimits` names services, the limiter buckets). */
const READ_BUCKETS: Readonly<Record<string, string>> = {
  ec2: 'ec2:non-mutating',
  cloudtrail: 'cloudtrail:lookup-events',
  rds: 'rds:default',
};

/** The limiter's limits for the clients' reads, from the settings' `readRateLimits` merged over the defaults. */
function readBucketLimits(settings: AwsClientSettings): Record<string, BucketLimit> {
  const reads = settings.readRateLimits === false ? {} : { ...AWS_READ_RATE_LIMITS, ...settings.readRateLimits };
  return Object.fromEntries(
    Object.entries(reads).flatMap(([service, limit]) => {
      const bucket = READ_BUCKETS[service];
      return bucket === undefined ? [] : [[bucket, limit]];
    }),
  );
}
