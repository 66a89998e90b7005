import {
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  type ResourceKey,
  type ResourceType,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';

const ACCOUNT = '111122223333';

/** One configuration item the double recorded. */
export interface DoubleConfigItem {
  readonly status:
    | 'ResourceDiscovered'
    | 'OK'
    | 'ResourceDeleted'
    | 'ResourceNotRecorded'
    | 'ResourceDeletedNotRecorded';
  readonly capturedAt: Date;
}

/** One resource the double's recorder knows, with its item history (oldest first). */
export interface DoubleConfigResource {
  readonly type: string;
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly history: DoubleConfigItem[];
}

/** Options of {@link fakeConfigApi}. */
export interface ConfigDoubleOptions {
  /** The region of the client the double stands for (items of other regions are not seen). Default eu-west-1. */
  readonly region?: string;
  /** Identifiers per ListDiscoveredResources page whatever `limit` asks. Default 2, so lists page. */
  readonly listPageSize?: number;
  /** Configuration aggregators SelectAggregateResourceConfig knows (they see every region). */
  readonly aggregators?: readonly string[];
  /** Rows per SelectAggregateResourceConfig page whatever Limit asks. Default 2. */
  readonly selectPageSize?: number;
}

function awsException(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

function pageOf<T>(items: readonly T[], token: string | undefined, size: number): { page: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw awsException('InvalidNextTokenException', 400, `The nextToken provided is invalid: ${token}`);
  const end = start + size;
  return { page: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}

/**
 * A small stateful double of AWS Config on an injected `ConfigServiceClient`
 * (aws-sdk-client-mock), for what moto 5.2's Config lacks (EC2, RDS, ELB…
 * resource types; deleted resources; advanced queries). Responses follow the
 * AWS Config API reference:
 *
 * - ListDiscoveredResources: `resourceType` required; `resourceIds` (≤ 20)
 *   or `resourceName`, not both (ValidationException); deleted resources only
 *   with `includeDeletedResources`, then with `resourceDeletionTime`; paged.
 * - BatchGetResourceConfig: ≤ 100 keys (ValidationException); the latest
 *   item of each live resource (deleted ones are not returned, as AWS
 *   documents); `unprocessedOnce` keys come back once in `unprocessedResourceKeys`.
 * - GetResourceConfigHistory: items newest first (`chronologicalOrder`
 *   Reverse, the default), `limit`; unknown → ResourceNotDiscoveredException.
 * - SelectAggregateResourceConfig: the `arn IN ('…', …)` of the expression,
 *   one JSON row per resource with its latest item (NoSuchConfigurationAggregatorException
 *   for an unknown aggregator), paged.
 */
export function fakeConfigApi(client: ConfigServiceClient, options: ConfigDoubleOptions = {}) {
  const region = options.region ?? 'eu-west-1';
  const resources: DoubleConfigResource[] = [];
  const control = { unprocessedOnce: 0 };
  const mock = mockClient(client);
  const latest = (resource: DoubleConfigResource): DoubleConfigItem => {
    const item = resource.history.at(-1);
    if (item === undefined) throw new Error(`no history for ${resource.arn}`);
    return item;
  };
  const isDeleted = (resource: DoubleConfigResource) => latest(resource).status.startsWith('ResourceDeleted');
  const inRegion = (resource: DoubleConfigResource) => resource.region === region || resource.region === '';
  const baseItem = (resource: DoubleConfigResource) => ({
    version: '1.3',
    accountId: ACCOUNT,
    configurationItemCaptureTime: latest(resource).capturedAt,
    configurationItemStatus: latest(resource).status,
    configurationStateId: String(latest(resource).capturedAt.getTime()),
    arn: resource.arn,
    resourceType: resource.type as ResourceType,
    resourceId: resource.id,
    resourceName: resource.name,
    awsRegion: resource.region === '' ? region : resource.region,
    configuration: '{}',
    supplementaryConfiguration: {},
  });

  mock.on(ListDiscoveredResourcesCommand).callsFake((input) => {
    if (input.resourceType === undefined)
      throw awsException('ValidationException', 400, 'resourceType must not be null');
    if (input.resourceIds !== undefined && input.resourceName !== undefined)
      throw awsException(
        'InvalidParameterValueException',
        400,
        'Both Resource ID and Resource Name cannot be specified in the request',
      );
    if ((input.resourceIds?.length ?? 0) > 20)
      throw awsException('ValidationException', 400, 'resourceIds: at most 20 resource IDs');
    if (input.limit !== undefined && input.limit > 100)
      throw awsException('InvalidLimitException', 400, `limit ${input.limit} is above 100`);
    const matching = resources.filter(
      (resource) =>
        inRegion(resource) &&
        resource.type === input.resourceType &&
        (input.resourceIds === undefined || input.resourceIds.includes(resource.id)) &&
        (input.resourceName === undefined || resource.name === input.resourceName) &&
        (input.includeDeletedResources === true || !isDeleted(resource)),
    );
    const { page, next } = pageOf(matching, input.nextToken, options.listPageSize ?? 2);
    return {
      resourceIdentifiers: page.map((resource) => ({
        resourceType: resource.type as ResourceType,
        resourceId: resource.id,
        resourceName: resource.name,
        ...(isDeleted(resource) ? { resourceDeletionTime: latest(resource).capturedAt } : {}),
      })),
      ...(next === undefined ? {} : { nextToken: next }),
    };
  });
  mock.on(BatchGetResourceConfigCommand).callsFake((input) => {
    const keys = input.resourceKeys ?? [];
    if (keys.length === 0 || keys.length > 100)
      throw awsException('ValidationException', 400, `resourceKeys must hold 1–100 keys, not ${keys.length}`);
    const unprocessed = keys.slice(0, control.unprocessedOnce);
    control.unprocessedOnce = 0;
    const items = keys.slice(unprocessed.length).flatMap((key: ResourceKey) => {
      const resource = resources.find(
        (candidate) => inRegion(candidate) && candidate.type === key.resourceType && candidate.id === key.resourceId,
      );
      return resource === undefined || isDeleted(resource) ? [] : [baseItem(resource)];
    });
    return { baseConfigurationItems: items, unprocessedResourceKeys: unprocessed };
  });
  mock.on(GetResourceConfigHistoryCommand).callsFake((input) => {
    const resource = resources.find(
      (candidate) => inRegion(candidate) && candidate.type === input.resourceType && candidate.id === input.resourceId,
    );
    if (resource === undefined)
      throw awsException(
        'ResourceNotDiscoveredException',
        400,
        `Resource ${input.resourceId} of resourceType:${input.resourceType} is unknown or has not been discovered`,
      );
    const ordered = input.chronologicalOrder === 'Forward' ? [...resource.history] : [...resource.history].reverse();
    return {
      configurationItems: ordered.slice(0, input.limit ?? 10).map((item) => ({
        ...baseItem(resource),
        configurationItemCaptureTime: item.capturedAt,
        configurationItemStatus: item.status,
      })),
    };
  });
  mock.on(SelectAggregateResourceConfigCommand).callsFake((input) => {
    if (!(options.aggregators ?? []).includes(input.ConfigurationAggregatorName ?? ''))
      throw awsException(
        'NoSuchConfigurationAggregatorException',
        400,
        `The configuration aggregator ${input.ConfigurationAggregatorName} does not exist`,
      );
    const expression = input.Expression ?? '';
    if (expression.length > 4096) throw awsException('ValidationException', 400, 'Expression is over 4096 characters');
    const list = /WHERE arn IN \(([^)]*)\)/.exec(expression)?.[1];
    if (list === undefined) throw awsException('InvalidExpressionException', 400, `unsupported query: ${expression}`);
    const arns = [...list.matchAll(/'([^']*)'/g)].map((match) => match[1]);
    const rows = resources
      .filter((resource) => arns.includes(resource.arn))
      .map((resource) =>
        JSON.stringify({
          arn: resource.arn,
          resourceType: resource.type,
          configurationItemStatus: latest(resource).status,
          configurationItemCaptureTime: latest(resource).capturedAt.toISOString(),
        }),
      );
    const { page, next } = pageOf(rows, input.NextToken, Math.min(input.Limit ?? 100, options.selectPageSize ?? 2));
    return {
      Results: page,
      QueryInfo: {
        SelectFields: [
          { Name: 'arn' },
          { Name: 'resourceType' },
          { Name: 'configurationItemStatus' },
          { Name: 'configurationItemCaptureTime' },
        ],
      },
      ...(next === undefined ? {} : { NextToken: next }),
    };
  });

  /** Records a resource as discovered at `at`. */
  const discover = (resource: Omit<DoubleConfigResource, 'history'>, at = new Date('2026-12-01T08:00:00Z')) => {
    resources.push({ ...resource, history: [{ status: 'ResourceDiscovered', capturedAt: at }] });
  };
  /** Records a change (`OK`) or a deletion of the resource with `arn`, at `at`. */
  const record = (arn: string, status: DoubleConfigItem['status'], at: Date) => {
    const resource = resources.find((candidate) => candidate.arn === arn && !isDeleted(candidate));
    if (resource === undefined) throw new Error(`the double knows no live ${arn}`);
    resource.history.push({ status, capturedAt: at });
  };
  return { mock, resources, discover, record, control };
}
