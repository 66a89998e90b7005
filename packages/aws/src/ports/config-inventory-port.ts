import {
  type BaseConfigurationItem,
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  paginateListDiscoveredResources,
  paginateSelectAggregateResourceConfig,
  type ResourceIdentifier,
  type ResourceKey,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import {
  type ConfigInventoryPort,
  type ConfigRecord,
  type DecomError,
  decomError,
  err,
  errAsync,
  ok,
  okAsync,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { type ConfigResourceKey, configResourceKey } from '../config-resource-keys.js';

/** Options of the AWS Config inventory port (`awsSource({ config })`). */
export interface AwsConfigInventoryOptions {
  /**
   * Read every account and region through this configuration aggregator
   * (SelectAggregateResourceConfig, in the home region) instead of each
   * region's own recorder.
   */
  readonly aggregatorName?: string;
}

/** ListDiscoveredResources takes at most 20 resourceIds a call. */
const LIST_IDS_PER_CALL = 20;
/** BatchGetResourceConfig takes at most 100 resource keys a call. */
const BATCH_GET_KEYS_PER_CALL = 100;
/** Rounds of retrying `unprocessedResourceKeys` before giving up (retryable). */
const UNPROCESSED_ROUNDS = 3;
/** SelectAggregateResourceConfig's Expression is at most 4,096 characters. */
const MAX_EXPRESSION = 4_096;
const SELECT_FIELDS = 'SELECT arn, resourceType, configurationItemStatus, configurationItemCaptureTime WHERE arn IN ';

/** A resource Config has discovered under the key: its identifier, and its deletion time when it is deleted. */
interface Candidate {
  readonly key: ConfigResourceKey;
  readonly identifier: ResourceIdentifier;
}

/**
 * Port `configInventory` over AWS Config: `records(arns)` answers, per ARN,
 * the latest configuration item status (`OK`, `ResourceDiscovered`,
 * `ResourceDeleted`, …) and its capture time, in the order asked. An ARN of a
 * type Config is not read for here (see `CONFIG_RESOURCE_KEYS`; AMIs, queues…),
 * or that Config has never recorded, is left out; a text that is not an ARN is
 * `InvalidInput`, and nothing is read.
 *
 * Why these APIs (the regional path, the default), per region of the ARNs:
 *
 * 1. **ListDiscoveredResources** with `includeDeletedResources: true` (by up
 *    to 20 resourceIds a call, or by resourceName for types whose Config
 *    resourceId is not in the ARN, such as an RDS instance's `DbiResourceId`).
 *    It is the one list API that reports deleted resources, with their
 *    `resourceDeletionTime`, and it resolves names to Config's resourceIds.
 * 2. **BatchGetResourceConfig** (≤ 100 keys a call, `unprocessedResourceKeys`
 *    retried) for the resources still live: their `configurationItemStatus`
 *    and `configurationItemCaptureTime`. It does not return deleted resources
 *    (documented), which is why it cannot be the only call.
 * 3. **GetResourceConfigHistory** (limit 1, newest first) for a deleted
 *    resource found by name: names are reused, so the latest item's ARN must
 *    be the one asked before its `ResourceDeleted` is believed.
 *
 * Items are matched to the ARN asked (a same-named resource of another
 * account or a recreated one never answers for it). SelectResourceConfig is
 * not used on this path: its SQL is built from ARNs (quoting, a 4,096-character
 * limit), and advanced queries describe current state, so whether a deleted
 * resource appears is not something deletion evidence should rest on.
 *
 * With `aggregatorName`, the port reads every account and region from one
 * place with **SelectAggregateResourceConfig**
 * (`SELECT arn, resourceType, configurationItemStatus, configurationItemCaptureTime WHERE arn IN (…)`,
 * paginated, ARNs batched under the expression limit): no other aggregator
 * API reports deleted resources at all. A resource the query does not return
 * is left out, so it is never taken as deleted.
 *
 * Config lags behind the resources (minutes to hours); the `confirm-deletion`
 * step waits for it. S3 bucket ARNs name no region: buckets are looked up in
 * the home region's recorder.
 *
 * @example
 * ```ts
 * const config = awsConfigInventoryPort(new AwsClients(), 'eu-west-1');
 * const records = await config.records(['arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc']);
 * // [{ arn, type: 'AWS::EC2::Instance', status: 'ResourceDeleted', capturedAt: '2026-12-15T10:02:00.000Z' }]
 * ```
 */
export function awsConfigInventoryPort(
  clients: AwsClients,
  home: string,
  options: AwsConfigInventoryOptions = {},
): ConfigInventoryPort {
  const { aggregatorName } = options;
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: aggregatorName === undefined ? ['config.batch-get'] : ['config.select-aggregate'],
    records: (arns) => {
      const keys = keysOf(arns);
      if (keys.isErr()) return errAsync(keys.error);
      if (keys.value.length === 0) return okAsync([]);
      const found =
        aggregatorName === undefined
          ? regionalRecords(clients, home, keys.value)
          : aggregatorRecords(clients.get('config', home), aggregatorName, keys.value);
      return found.map((byArn) =>
        keys.value.flatMap((key) => {
          const record = byArn.get(key.arn);
          return record === undefined ? [] : [record];
        }),
      );
    },
  };
}

/** The Config keys of the ARNs (deduplicated, in order); unmapped types are dropped; a malformed ARN fails all. */
function keysOf(arns: readonly string[]): Result<ConfigResourceKey[], DecomError> {
  const keys: ConfigResourceKey[] = [];
  const seen = new Set<string>();
  const malformed: string[] = [];
  for (const arn of arns) {
    if (seen.has(arn)) continue;
    seen.add(arn);
    const key = configResourceKey(arn);
    if (key === 'malformed') malformed.push(arn);
    else if (key !== null) keys.push(key);
  }
  if (malformed.length > 0)
    return err(
      decomError.invalidInput(
        `configInventory.records: not ARNs: ${malformed.join(', ')}`,
        malformed.map((arn) => ({ path: `arns[${arns.indexOf(arn)}]`, message: `not an ARN: ${arn}` })),
      ),
    );
  return ok(keys);
}

function regionalRecords(
  clients: AwsClients,
  home: string,
  keys: readonly ConfigResourceKey[],
): ResultAsync<Map<string, ConfigRecord>, DecomError> {
  const byRegion = new Map<string, ConfigResourceKey[]>();
  for (const key of keys) {
    const region = key.region === '' ? home : key.region;
    byRegion.set(region, [...(byRegion.get(region) ?? []), key]);
  }
  return ResultAsync.combine(
    [...byRegion].map(([region, regionKeys]) => recordsInRegion(clients.get('config', region), regionKeys)),
  ).map((maps) => new Map(maps.flatMap((map) => [...map])));
}

function recordsInRegion(
  client: ConfigServiceClient,
  keys: readonly ConfigResourceKey[],
): ResultAsync<Map<string, ConfigRecord>, DecomError> {
  return new ResultAsync(
    (async (): Promise<Result<Map<string, ConfigRecord>, DecomError>> => {
      const candidates = await discovered(client, keys);
      if (candidates.isErr()) return err(candidates.error);
      const live = candidates.value.filter((candidate) => candidate.identifier.resourceDeletionTime === undefined);
      const items = await batchGet(client, live);
      if (items.isErr()) return err(items.error);
      const records = new Map<string, ConfigRecord>();
      for (const key of keys) {
        const mine = candidates.value.filter((candidate) => candidate.key.arn === key.arn);
        const item = items.value.find(
          (candidate) =>
            candidate.resourceType === key.type &&
            mine.some((entry) => entry.identifier.resourceId === candidate.resourceId) &&
            (candidate.arn === undefined || candidate.arn === key.arn),
        );
        if (item !== undefined) {
          records.set(key.arn, recordOf(key, item.configurationItemStatus, item.configurationItemCaptureTime));
          continue;
        }
        const deleted = mine
          .filter((candidate) => candidate.identifier.resourceDeletionTime !== undefined)
          .sort(
            (a, b) =>
              (b.identifier.resourceDeletionTime?.getTime() ?? 0) - (a.identifier.resourceDeletionTime?.getTime() ?? 0),
          );
        for (const candidate of deleted) {
          const record = await deletedRecord(client, candidate);
          if (record.isErr()) return err(record.error);
          if (record.value !== null) {
            records.set(key.arn, record.value);
            break;
          }
        }
      }
      return ok(records);
    })(),
  );
}

function recordOf(key: ConfigResourceKey, status: string | undefined, capturedAt: Date | undefined): ConfigRecord {
  return {
    arn: key.arn,
    type: key.type,
    status: status ?? 'OK',
    capturedAt: (capturedAt ?? new Date(0)).toISOString(),
  };
}

/**
 * What Config has discovered under each key, deleted ones included:
 * ListDiscoveredResources by up to 20 ids of one type, or by one name.
 */
function discovered(
  client: ConfigServiceClient,
  keys: readonly ConfigResourceKey[],
): ResultAsync<Candidate[], DecomError> {
  return awsCall({ operation: 'config:ListDiscoveredResources', resource: keys[0]?.arn }, async () => {
    const candidates: Candidate[] = [];
    const byType = new Map<string, ConfigResourceKey[]>();
    for (const key of keys.filter((entry) => entry.lookup === 'id'))
      byType.set(key.type, [...(byType.get(key.type) ?? []), key]);
    for (const [type, typeKeys] of byType) {
      for (let start = 0; start < typeKeys.length; start += LIST_IDS_PER_CALL) {
        const chunk = typeKeys.slice(start, start + LIST_IDS_PER_CALL);
        const pages = paginateListDiscoveredResources(
          { client },
          {
            resourceType: type as ResourceType,
            resourceIds: chunk.map((key) => key.value),
            includeDeletedResources: true,
          },
        );
        for await (const page of pages) {
          for (const identifier of page.resourceIdentifiers ?? []) {
            const key = chunk.find((entry) => entry.value === identifier.resourceId);
            if (key !== undefined) candidates.push({ key, identifier });
          }
        }
      }
    }
    for (const key of keys.filter((entry) => entry.lookup === 'name')) {
      const pages = paginateListDiscoveredResources(
        { client },
        { resourceType: key.type as ResourceType, resourceName: key.value, includeDeletedResources: true },
      );
      for await (const page of pages) {
        for (const identifier of page.resourceIdentifiers ?? []) {
          if (identifier.resourceName === key.value && identifier.resourceId !== undefined)
            candidates.push({ key, identifier });
        }
      }
    }
    return candidates;
  });
}

/** BatchGetResourceConfig for the live candidates, ≤ 100 keys a call, unprocessed keys retried a few rounds. */
function batchGet(
  client: ConfigServiceClient,
  live: readonly Candidate[],
): ResultAsync<BaseConfigurationItem[], DecomError> {
  const unique = new Map<string, ResourceKey>();
  for (const candidate of live) {
    const resourceId = candidate.identifier.resourceId ?? '';
    unique.set(`${candidate.key.type}\u0000${resourceId}`, {
      resourceType: candidate.key.type as ResourceType,
      resourceId,
    });
  }
  const all = [...unique.values()];
  return new ResultAsync(
    (async (): Promise<Result<BaseConfigurationItem[], DecomError>> => {
      const items: BaseConfigurationItem[] = [];
      for (let start = 0; start < all.length; start += BATCH_GET_KEYS_PER_CALL) {
        let pending = all.slice(start, start + BATCH_GET_KEYS_PER_CALL);
        for (let round = 0; pending.length > 0; round += 1) {
          if (round === UNPROCESSED_ROUNDS)
            return err(
              decomError.providerFailure({
                message: `BatchGetResourceConfig left ${pending.length} keys unprocessed after ${UNPROCESSED_ROUNDS} rounds`,
                retryable: true,
              }),
            );
          const keys = pending;
          const answer = await awsCall({ operation: 'config:BatchGetResourceConfig' }, (options) =>
            client.send(new BatchGetResourceConfigCommand({ resourceKeys: keys }), options),
          );
          if (answer.isErr()) return err(answer.error);
          items.push(...(answer.value.baseConfigurationItems ?? []));
          pending = answer.value.unprocessedResourceKeys ?? [];
        }
      }
      return ok(items);
    })(),
  );
}

/**
 * A deleted candidate's record. Found by id (EC2 ids and bucket names are
 * never reused by another resource): `ResourceDeleted` at its deletion time.
 * Found by name: the latest item of its history must name the ARN asked.
 */
function deletedRecord(
  client: ConfigServiceClient,
  candidate: Candidate,
): ResultAsync<ConfigRecord | null, DecomError> {
  const { key, identifier } = candidate;
  if (key.lookup === 'id') return okAsync(recordOf(key, 'ResourceDeleted', identifier.resourceDeletionTime));
  return awsCall({ operation: 'config:GetResourceConfigHistory', resource: key.arn }, (options) =>
    client.send(
      new GetResourceConfigHistoryCommand({
        resourceType: key.type as ResourceType,
        resourceId: identifier.resourceId,
        chronologicalOrder: 'Reverse',
        limit: 1,
      }),
      options,
    ),
  ).map((history) => {
    const latest = history.configurationItems?.[0];
    if (latest === undefined || (latest.arn !== undefined && latest.arn !== key.arn)) return null;
    return recordOf(key, latest.configurationItemStatus, latest.configurationItemCaptureTime);
  });
}

/** One row of an advanced query's `Results` (each a JSON document). */
interface SelectRow {
  readonly arn?: unknown;
  readonly resourceType?: unknown;
  readonly configurationItemStatus?: unknown;
  readonly configurationItemCaptureTime?: unknown;
}

/** The `WHERE arn IN (…)` expressions for the keys, each under the 4,096-character limit. */
function selectExpressions(keys: readonly ConfigResourceKey[]): Result<string[], DecomError> {
  const quoted = keys.map((key) => `'${key.arn}'`);
  const bad = keys.find((key) => key.arn.includes("'"));
  if (bad !== undefined)
    return err(
      decomError.invalidInput(`configInventory.records: an ARN with a quote cannot be queried: ${bad.arn}`, [
        { path: 'arns', message: `quote in ${bad.arn}` },
      ]),
    );
  const expressions: string[] = [];
  let current: string[] = [];
  const expression = (arns: readonly string[]) => `${SELECT_FIELDS}(${arns.join(', ')})`;
  for (const arn of quoted) {
    if (current.length > 0 && expression([...current, arn]).length > MAX_EXPRESSION) {
      expressions.push(expression(current));
      current = [];
    }
    current.push(arn);
  }
  if (current.length > 0) expressions.push(expression(current));
  return ok(expressions);
}

function aggregatorRecords(
  client: ConfigServiceClient,
  aggregatorName: string,
  keys: readonly ConfigResourceKey[],
): ResultAsync<Map<string, ConfigRecord>, DecomError> {
  const expressions = selectExpressions(keys);
  if (expressions.isErr()) return errAsync(expressions.error);
  return awsCall({ operation: 'config:SelectAggregateResourceConfig', resource: aggregatorName }, async () => {
    const rows: SelectRow[] = [];
    for (const Expression of expressions.value) {
      const pages = paginateSelectAggregateResourceConfig(
        { client, pageSize: 100 },
        { ConfigurationAggregatorName: aggregatorName, Expression },
      );
      for await (const page of pages) for (const result of page.Results ?? []) rows.push(parseRow(result));
    }
    return rows;
  }).map((rows) => {
    const records = new Map<string, ConfigRecord>();
    for (const key of keys) {
      const row = rows.find((candidate) => candidate.arn === key.arn);
      if (row === undefined) continue;
      const captured = typeof row.configurationItemCaptureTime === 'string' ? row.configurationItemCaptureTime : '';
      records.set(key.arn, {
        arn: key.arn,
        type: typeof row.resourceType === 'string' ? row.resourceType : key.type,
        status: typeof row.configurationItemStatus === 'string' ? row.configurationItemStatus : 'OK',
        capturedAt: Number.isNaN(Date.parse(captured)) ? new Date(0).toISOString() : new Date(captured).toISOString(),
      });
    }
    return records;
  });
}

/** A result row; an unreadable one reads as empty (it then matches no ARN, so nothing is taken as deleted). */
function parseRow(text: string): SelectRow {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as SelectRow) : {};
  } catch {
    return {};
  }
}

/** The IAM actions of this port's reads. */
export const CONFIG_INVENTORY_READS: readonly string[] = [
  'config:BatchGetResourceConfig',
  'config:GetResourceConfigHistory',
  'config:ListDiscoveredResources',
  'config:SelectAggregateResourceConfig',
];
