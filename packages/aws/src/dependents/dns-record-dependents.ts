import { GetDistributionCommand } from '@aws-sdk/client-cloudfront';
import { DescribeAddressesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import {
  type DecomError,
  decomError,
  errAsync,
  type HiddenDependency,
  okAsync,
  type ResultAsync,
} from '@decomkit/core';
import { chunks, limited } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { listAll } from '../resources/declared-calls.js';
import { describeClusters } from '../resources/rds-db-cluster.js';
import { describeDatabases } from '../resources/rds-db-instance.js';
import { type DependentCheck, type DependentsContext, found, merged, unchecked } from './dependent-check.js';

/** One endpoint of an in-scope resource: a DNS name or an IP address, lower case, no trailing dot. */
interface Endpoint {
  readonly resource: string;
  readonly endpoint: string;
}

/** The endpoints of the in-scope resources of one type in one region, given their ids. */
type EndpointReader = (
  clients: AwsClients,
  region: string,
  ids: readonly string[],
  arnOf: ReadonlyMap<string, string>,
) => ResultAsync<Endpoint[], DecomError>;

const endpoint = (resource: string | undefined, name: string | undefined): Endpoint[] =>
  resource === undefined || name === undefined || name === '' ? [] : [{ resource, endpoint: normal(name) }];

/**
 * What a filtered describe found, when it found every id asked for; otherwise `NotFound` naming the missing
 * ones, so the group is left unchecked as a describe by id (which fails on a missing id) left it.
 */
function everyOneFound<Item>(
  operation: string,
  ids: readonly string[],
  described: ResultAsync<Item[], DecomError>,
  idOf: (item: Item) => string | undefined,
): ResultAsync<Item[], DecomError> {
  return described.andThen((items) => {
    const found = new Set(items.map(idOf));
    const missing = ids.filter((id) => !found.has(id));
    return missing.length === 0
      ? okAsync(items)
      : errAsync(
          decomError.notFound({
            message: `${operation} did not find ${missing.join(', ')}: their endpoints cannot be read`,
            resource: missing[0] ?? '',
          }),
        );
  });
}

const READERS: Readonly<Record<string, EndpointReader>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (clients, region, ids, arnOf) =>
    limited(chunks(ids, 20), 1, (group) =>
      awsCall({ operation: 'elasticloadbalancing:DescribeLoadBalancers' }, () =>
        clients.get('elbv2', region).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: group })),
      ).map((answer) =>
        (answer.LoadBalancers ?? []).flatMap((balancer) =>
          endpoint(arnOf.get(balancer.LoadBalancerArn ?? ''), balancer.DNSName),
        ),
      ),
    ).map((pages) => pages.flat()),
  'AWS::EC2::EIP': (clients, region, ids, arnOf) =>
    awsCall({ operation: 'ec2:DescribeAddresses' }, () =>
      clients.get('ec2', region).send(new DescribeAddressesCommand({ AllocationIds: [...ids] })),
    ).map((answer) =>
      (answer.Addresses ?? []).flatMap((address) => endpoint(arnOf.get(address.AllocationId ?? ''), address.PublicIp)),
    ),
  'AWS::EC2::Instance': (clients, region, ids, arnOf) =>
    limited(chunks(ids, 1000), 1, (group) =>
      awsCall({ operation: 'ec2:DescribeInstances' }, () =>
        clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: group })),
      ).map((answer) =>
        (answer.Reservations ?? []).flatMap((reservation) =>
          (reservation.Instances ?? []).flatMap((instance) => {
            const arn = arnOf.get(instance.InstanceId ?? '');
            return [...endpoint(arn, instance.PublicIpAddress), ...endpoint(arn, instance.PublicDnsName)];
          }),
        ),
      ),
    ).map((pages) => pages.flat()),
  'AWS::CloudFront::Distribution': (clients, region, ids, arnOf) =>
    limited(ids, 4, (id) =>
      awsCall({ operation: 'cloudfront:GetDistribution', resource: arnOf.get(id) }, () =>
        clients.get('cloudfront', region).send(new GetDistributionCommand({ Id: id })),
      ).map((answer) => endpoint(arnOf.get(id), answer.Distribution?.DomainName)),
    ).map((pages) => pages.flat()),
  'AWS::RDS::DBInstance': (clients, region, ids, arnOf) =>
    everyOneFound(
      'rds:DescribeDBInstances',
      ids,
      describeDatabases(clients, region, ids),
      (db) => db.DBInstanceIdentifier,
    ).map((databases) =>
      databases.flatMap((db) => endpoint(arnOf.get(db.DBInstanceIdentifier ?? ''), db.Endpoint?.Address)),
    ),
  'AWS::RDS::DBCluster': (clients, region, ids, arnOf) =>
    everyOneFound(
      'rds:DescribeDBClusters',
      ids,
      describeClusters(clients, region, ids),
      (cluster) => cluster.DBClusterIdentifier,
    ).map((clusters) =>
      clusters.flatMap((cluster) => [
        ...endpoint(arnOf.get(cluster.DBClusterIdentifier ?? ''), cluster.Endpoint),
        ...endpoint(arnOf.get(cluster.DBClusterIdentifier ?? ''), cluster.ReaderEndpoint),
      ]),
    ),
  // An API's default endpoint is made of its id: nothing to read.
  'AWS::ApiGateway::RestApi': (_clients, region, ids, arnOf) =>
    okAsync(ids.flatMap((id) => endpoint(arnOf.get(id), `${id}.execute-api.${region}.amazonaws.com`))),
  'AWS::ApiGatewayV2::Api': (_clients, region, ids, arnOf) =>
    okAsync(ids.flatMap((id) => endpoint(arnOf.get(id), `${id}.execute-api.${region}.amazonaws.com`))),
};

/** The resource types whose endpoints DNS records are searched for. */
export const ENDPOINT_TYPES: ReadonlySet<string> = new Set(Object.keys(READERS));

/** DNS names are case-insensitive and may end in a dot; Route 53 prefixes an ELB alias with `dualstack.`. */
function normal(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/** Zone id without the `/hostedzone/` prefix ListHostedZones gives. */
function zoneIdOf(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

/**
 * decomkit's name for a Route 53 record set (record sets have no ARN):
 * `arn:aws:route53:::hostedzone/<zone>/recordset/<name>/<type>[/<set identifier>]`.
 */
export function recordSetName(zoneId: string, record: ResourceRecordSet): string {
  const set = record.SetIdentifier === undefined ? '' : `/${record.SetIdentifier}`;
  return `arn:aws:route53:::hostedzone/${zoneIdOf(zoneId)}/recordset/${record.Name ?? ''}/${record.Type ?? ''}${set}`;
}

function endpointsOf(
  context: DependentsContext,
): Promise<{ endpoints: Endpoint[]; failed: ReturnType<typeof unchecked>[] }> {
  const groups = new Map<string, { type: string; region: string; arnOf: Map<string, string> }>();
  for (const resource of context.resources) {
    if (!ENDPOINT_TYPES.has(resource.type)) continue;
    const id = context.idOf(resource);
    if (id === null) continue;
    const key = `${resource.type}\u0000${resource.region}`;
    const group = groups.get(key) ?? { type: resource.type, region: resource.region, arnOf: new Map() };
    group.arnOf.set(id, resource.arn);
    groups.set(key, group);
  }
  return Promise.all(
    [...groups.values()].map(async ({ type, region, arnOf }) => {
      const read = await (READERS[type] as EndpointReader)(context.clients, region, [...arnOf.keys()], arnOf);
      const covered = [...arnOf.values()].map((arn) => ({ arn }));
      return read.isOk()
        ? { endpoints: read.value, failed: null }
        : { endpoints: [], failed: unchecked('dns-record', read.error, covered) };
    }),
  ).then((reads) => ({
    endpoints: reads.flatMap((read) => read.endpoints),
    failed: reads.flatMap((read) => (read.failed === null ? [] : [read.failed])),
  }));
}

/** Every record set of a zone, a page at a time (ListResourceRecordSets has no SDK paginator: it resumes by name and type). */
async function* recordSetPages(route53: Route53Client, zoneId: string): AsyncIterable<ResourceRecordSet[]> {
  let next: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } =
    {};
  for (;;) {
    const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...next }));
    yield page.ResourceRecordSets ?? [];
    if (page.IsTruncated !== true) return;
    next = {
      StartRecordName: page.NextRecordName,
      StartRecordType: page.NextRecordType,
      StartRecordIdentifier: page.NextRecordIdentifier,
    };
  }
}

/**
 * `dns-record`: the endpoints of the in-scope load balancers, Elastic IPs,
 * instances (public address and name), CloudFront distributions, databases
 * and APIs, then every record set of every hosted zone of the account
 * (public and private); a record whose value or alias target is one of them
 * is a dependent. Nothing to look for: Route 53 is not read; no hosted zone:
 * no endpoint is read. A failed read leaves the resources it covers unchecked.
 */
export const dnsRecordDependents: DependentCheck = async (context) => {
  if (!context.resources.some((resource) => ENDPOINT_TYPES.has(resource.type))) return found([]);
  const route53 = context.clients.get('route53', 'us-east-1');
  // The zones first: an account without hosted zones has no record to point at anything, and its
  // endpoints need not be read.
  const zones = await listAll(
    'route53:ListHostedZones',
    () => paginateListHostedZones({ client: route53 }, {}),
    (page) => page.HostedZones,
  );
  if (zones.isOk() && zones.value.length === 0) return found([]);
  const { endpoints, failed } = await endpointsOf(context);
  if (endpoints.length === 0) return merged(failed);
  const owners = new Map<string, string[]>();
  for (const { resource, endpoint: name } of endpoints) owners.set(name, [...(owners.get(name) ?? []), resource]);
  const records = await zones.asyncAndThen((listed) =>
    limited(listed, 4, (zone) =>
      listAll(
        'route53:ListResourceRecordSets',
        () => recordSetPages(route53, zone.Id ?? ''),
        (page) => page,
      ).map((sets) => sets.map((record) => ({ zoneId: zone.Id ?? '', record }))),
    ),
  );
  if (records.isErr()) {
    const covered = [...new Set(endpoints.map((found) => found.resource))].map((arn) => ({ arn }));
    return merged([...failed, unchecked('dns-record', records.error, covered)]);
  }
  const dependencies: HiddenDependency[] = [];
  for (const { zoneId, record } of records.value.flat()) {
    const alias = record.AliasTarget?.DNSName;
    const values = [
      ...(alias === undefined ? [] : [{ value: alias, how: 'alias' }]),
      ...(record.ResourceRecords ?? []).map((item) => ({ value: item.Value ?? '', how: '' })),
    ];
    for (const { value, how } of values) {
      for (const resource of owners.get(normal(value)) ?? []) {
        dependencies.push({
          resource,
          check: 'dns-record',
          dependent: recordSetName(zoneId, record),
          evidence: `${record.Type}${how === '' ? '' : ` ${how}`} ${normal(record.Name ?? '')} → ${normal(value)}`,
        });
      }
    }
  }
  return merged([...failed, found(dependencies)]);
};
