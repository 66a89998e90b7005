import type { RecordedRequest } from './moto-server.js';

/** The IAM service prefix of each `@aws-sdk/client-<name>` package whose prefix is not its name. */
const PREFIX_OF_PACKAGE: Readonly<Record<string, string>> = {
  'api-gateway': 'apigateway',
  apigatewayv2: 'apigateway',
  'auto-scaling': 'autoscaling',
  'cloudwatch-logs': 'logs',
  'config-service': 'config',
  'cost-explorer': 'ce',
  'database-migration-service': 'dms',
  efs: 'elasticfilesystem',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  eventbridge: 'events',
  opensearch: 'es',
  'resource-groups-tagging-api': 'tag',
  'route-53': 'route53',
  'secrets-manager': 'secretsmanager',
  sfn: 'states',
};

/** The IAM prefix of each SigV4 signing name (moto's `<service>` in the action it authorizes) that differs. */
const PREFIX_OF_SIGNING_NAME: Readonly<Record<string, string>> = { tagging: 'tag', monitoring: 'cloudwatch' };

/** API operations whose IAM action is not `<prefix>:<operation>` (the Service Authorization Reference). */
const ACTIONS_OF_OPERATION: Readonly<Record<string, readonly string[]>> = {
  's3:ListBuckets': ['s3:ListAllMyBuckets'],
  's3:ListObjectVersions': ['s3:ListBucketVersions'],
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:DeleteObjects': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  's3:GetObjectLockConfiguration': ['s3:GetBucketObjectLockConfiguration'],
  's3:PutBucketLifecycleConfiguration': ['s3:PutLifecycleConfiguration'],
  's3:GetBucketEncryption': ['s3:GetEncryptionConfiguration'],
};

/** REST requests as moto records them (`GET /clusters`), by service: the operation they are. */
const REST_OPERATIONS: Readonly<Record<string, readonly (readonly [RegExp, string])[]>> = {
  eks: [[/^GET \/clusters$/, 'ListClusters']],
  es: [[/^GET \/2021-01-01\/domain$/, 'ListDomainNames']],
  lambda: [[/^GET \/2015-03-31\/event-source-mappings\/?$/, 'ListEventSourceMappings']],
  route53: [
    [/^GET \/2013-04-01\/hostedzone$/, 'ListHostedZones'],
    [/^GET \/2013-04-01\/hostedzonesbyname$/, 'ListHostedZonesByName'],
  ],
};

/** The IAM actions of one API operation of a client package: `iamActionsOf('ec2', 'TerminateInstances')`. */
export function iamActionsOf(clientPackage: string, operation: string): readonly string[] {
  const prefix = PREFIX_OF_PACKAGE[clientPackage] ?? clientPackage;
  if (prefix === 'apigateway') return [`apigateway:${apiGatewayMethodOf(operation)}`];
  const name = `${prefix}:${operation}`;
  return ACTIONS_OF_OPERATION[name] ?? [name];
}

function apiGatewayMethodOf(operation: string): string {
  if (/^(Get|List)/.test(operation)) return 'GET';
  if (/^Delete/.test(operation)) return 'DELETE';
  if (/^Update/.test(operation)) return 'PATCH';
  if (/^Create/.test(operation)) return 'POST';
  return 'PUT';
}

/**
 * The IAM actions of a request moto recorded (its signing name and action;
 * a REST request by its method and path), or null when this table does not
 * know the request (the test then names it).
 */
export function iamActionsOfRequest(request: RecordedRequest): readonly string[] | null {
  if (request.service === null || request.action === null) return null;
  const prefix = PREFIX_OF_SIGNING_NAME[request.service] ?? request.service;
  const rest = /^(GET|PUT|POST|DELETE|PATCH|HEAD) (\/.*)$/.exec(request.action);
  if (rest === null) return ACTIONS_OF_OPERATION[`${prefix}:${request.action}`] ?? [`${prefix}:${request.action}`];
  if (prefix === 'apigateway') return [`apigateway:${rest[1]}`];
  const operation = REST_OPERATIONS[prefix]?.find(([pattern]) => pattern.test(request.action ?? ''))?.[1];
  return operation === undefined ? null : [`${prefix}:${operation}`];
}
