import {
  type AwsClientOverrides,
  type AwsClientSettings,
  AwsClients,
  type AwsClientTypes,
  type AwsService,
  type MiddlewareStackClient,
  PACED_SERVICES,
  paceRequests,
} from '@decomkit/aws';

/** Where {@link countedClients} counts: one call per attempt sent, named `service:Action` (`ec2:DescribeInstances`). */
export interface RequestTally {
  add(action: string): void;
}

/**
 * Client overrides for awsSource: the clients it would build itself (same
 * settings), each with a middleware after the SDK's retry middleware, so
 * every attempt sent is counted.
 *
 * The EC2, RDS and CloudTrail clients are paced on `settings.rateLimiter` as
 * awsSource paces its own, under the bucket key `accountId` (the estate's
 * account, known to the benchmark): awsSource's clients share one STS answer
 * between their pacing and the ports, and separate clients built here to
 * pace would ask STS a second time, a request a real run does not send.
 *
 * @example
 * ```ts
 * const source = awsSource({ region, ...settings, clients: countedClients(settings, counter, MOTO_ACCOUNT_ID) });
 * ```
 */
export function countedClients(
  settings: AwsClientSettings,
  counter: RequestTally,
  accountId: string,
): AwsClientOverrides {
  const { rateLimiter } = settings;
  const base = new AwsClients({ ...settings, readRateLimits: false });
  const instrumented = new WeakSet<object>();
  const counted =
    <Service extends AwsService>(service: Service) =>
    (region: string): AwsClientTypes[Service] => {
      const client = base.get(service, region);
      if (!instrumented.has(client)) {
        instrumented.add(client);
        if (rateLimiter !== undefined && settings.readRateLimits !== false && PACED_SERVICES.has(service)) {
          paceRequests(client, { service, region, rateLimiter, accountId: () => Promise.resolve(accountId) });
        }
        (client as unknown as MiddlewareStackClient).middlewareStack.add(
          (next, context) => (args) => {
            counter.add(`${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`);
            return next(args);
          },
          { step: 'finalizeRequest', priority: 'low', name: 'decomkitBenchRequestCounter' },
        );
      }
      return client;
    };
  const overrides: Record<string, (region: string) => unknown> = {};
  for (const service of Object.keys(EVERY_SERVICE) as AwsService[]) overrides[service] = counted(service);
  return overrides as AwsClientOverrides;
}

/** Every service decomkit calls (a missing one fails to compile): each client is counted. */
const EVERY_SERVICE: Record<AwsService, true> = {
  sts: true,
  iam: true,
  ec2: true,
  rds: true,
  tagging: true,
  cloudformation: true,
  backup: true,
  autoscaling: true,
  elbv2: true,
  s3: true,
  sqs: true,
  dynamodb: true,
  lambda: true,
  cloudwatch: true,
  dms: true,
  wellarchitected: true,
  config: true,
  costexplorer: true,
  route53: true,
  ecs: true,
  ecr: true,
  kinesis: true,
  sfn: true,
  sns: true,
  events: true,
  logs: true,
  secretsmanager: true,
  kms: true,
  elasticache: true,
  efs: true,
  redshift: true,
  opensearch: true,
  apigateway: true,
  apigatewayv2: true,
  cloudfront: true,
  eks: true,
  cloudtrail: true,
};
