import type { Action, DecomError, HandlerOutcome, JsonObject, ResultAsync } from '@decomkit/core';
import { okAsync } from '@decomkit/core';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients, AwsClientTypes, AwsService } from '../clients.js';
import { describeInChunks, placeOf } from './resource-type.js';

/** Ids per EC2 Describe* filter: EC2 takes up to 200 filter values. */
export const EC2_FILTER_CHUNK = 200;

/** A describe of many ids of one region: missing ids are left out, never an error. */
export type DescribeMany<Item> = (
  clients: AwsClients,
  region: string,
  ids: readonly string[],
) => ResultAsync<Item[], DecomError>;

/**
 * A describe declared as data, like the SDK's `createPaginator(…)`: the
 * paginator, the filter an id chunk becomes, the chunk size (the API's limit
 * on filter values) and the items of a page. Ids that do not exist are simply
 * not found (a filter, unlike an id list, raises no NotFound).
 *
 * @example
 * ```ts
 * const describeVolumes = describeCall({
 *   service: 'ec2', operation: 'ec2:DescribeVolumes', paginate: paginateDescribeVolumes, chunk: 200,
 *   filter: (chunk) => ({ Filters: [{ Name: 'volume-id', Values: chunk }] }), items: (page) => page.Volumes,
 * });
 * ```
 */
export function describeCall<Service extends AwsService, Input, Page, Item>(call: {
  readonly service: Service;
  readonly operation: string;
  readonly paginate: (config: { client: AwsClientTypes[Service] }, input: Input) => AsyncIterable<Page>;
  readonly filter: (chunk: string[]) => Input;
  readonly chunk: number;
  readonly items: (page: Page) => readonly Item[] | undefined;
}): DescribeMany<Item> {
  return (clients, region, ids) => {
    const client = clients.get(call.service, region);
    return describeInChunks(
      call.operation,
      ids,
      call.chunk,
      (chunk) => call.paginate({ client }, call.filter(chunk)),
      call.items,
    );
  };
}

/**
 * The common describe: the ids as the values of one `Filters` entry named
 * `filterName` (EC2 `volume-id`, RDS `db-instance-id`), with `input`'s other
 * fields (`OwnerIds`, `MaxResults`).
 *
 * @example
 * ```ts
 * filterDescribe('ec2', 'ec2:DescribeVolumes', paginateDescribeVolumes, 'volume-id', (page) => page.Volumes);
 * ```
 */
export function filterDescribe<
  Service extends AwsService,
  // Only a request that has `Filters`: DescribeNatGateways names its list `Filter`, and an unknown field is dropped
  // silently (every gateway of the region would come back): such a describe declares its filter with `describeCall`.
  Input extends { Filters?: readonly { Name?: string; Values?: string[] }[] | undefined },
  Page,
  Item,
>(
  service: Service,
  operation: string,
  paginate: (config: { client: AwsClientTypes[Service] }, input: Input) => AsyncIterable<Page>,
  filterName: string,
  items: (page: Page) => readonly Item[] | undefined,
  options: { readonly chunk?: number; readonly input?: Partial<Input> } = {},
): DescribeMany<Item> {
  return describeCall({
    service,
    operation,
    paginate,
    filter: (chunk): Input => ({ ...(options.input as Input), Filters: [{ Name: filterName, Values: chunk }] }),
    chunk: options.chunk ?? EC2_FILTER_CHUNK,
    items,
  });
}

/**
 * A delete's read-back declared by its describe: whether `describe` still
 * finds the id in the action's region (and, with `live`, finds it live:
 * a volume `deleted` is gone).
 *
 * @example
 * ```ts
 * delete: { claims, idKey: 'volumeId', call, exists: foundBy(describeVolumes, (volume) => volume.State !== 'deleted') },
 * ```
 */
export function foundBy<Item>(
  describe: DescribeMany<Item>,
  live: (item: Item) => boolean = () => true,
): (clients: AwsClients, action: Action, id: string) => ResultAsync<boolean, DecomError> {
  return (clients, action, id) => describe(clients, placeOf(action).region, [id]).map((found) => found.some(live));
}

/** A delete's effect: one call, declared as its operation and how it is sent. */
export interface DeleteCall {
  /** `service:Operation`, as errors name it. */
  readonly operation: string;
  /** Sends the call for `id`; checks made first (a refusal as Conflict) go in `before`. */
  run(clients: AwsClients, id: string, action: Action, signal: AbortSignal): ResultAsync<unknown, DecomError>;
}

/**
 * A delete declared as `{ operation, send }`: the SDK client of `service` in
 * the action's region sends the command `send` builds.
 *
 * @example
 * ```ts
 * deleteCall('ec2', 'ec2:DeleteVolume', (ec2, id, options) => ec2.send(new DeleteVolumeCommand({ VolumeId: id }), options));
 * ```
 */
export function deleteCall<Service extends AwsService>(
  service: Service,
  operation: string,
  send: (client: AwsClientTypes[Service], id: string, options: CallOptions, action: Action) => Promise<unknown>,
): DeleteCall {
  return {
    operation,
    run: (clients, id, action, signal) =>
      awsCall({ operation, resource: action.target.arn ?? id, signal }, (options) =>
        send(clients.get(service, placeOf(action).region), id, options, action),
      ),
  };
}

/**
 * What one acceptor of a wait concludes, as the SDK's waiters name it. No
 * `failure`: a resource that cannot reach the state is refused before the
 * call, never discovered by the wait.
 */
export type WaiterState = 'success' | 'retry';

/**
 * One row of a wait's acceptor table (the SDK's waiters: `waitForDBInstanceDeleted`):
 * the first row whose matcher holds for what is read now says the state.
 */
export interface Acceptor<Item> {
  readonly state: WaiterState;
  /** Holds for the resource as read now (null: it no longer exists). */
  readonly matcher: (item: Item | null) => boolean;
}

/** The state the first matching acceptor names; `retry` when none matches. */
export function acceptorState<Item>(acceptors: readonly Acceptor<Item>[], item: Item | null): WaiterState {
  return acceptors.find((acceptor) => acceptor.matcher(item))?.state ?? 'retry';
}

/** Acceptors of a delete: success once the resource is gone, retry while it exists. */
export function goneAcceptors<Item>(): readonly Acceptor<Item>[] {
  return [{ state: 'success', matcher: (item) => item === null }];
}

/**
 * A step of a crash-safe wait: reads the resource, and by the acceptor table
 * either finishes (`finish`, on `success`) or returns `pending` with the
 * checkpoint and the clients' poll interval (on `retry`), for the engine to
 * poll again, across processes if need be (in rounds with the others, when
 * the read is coalesced: `together`).
 */
export function waitStep<Item>(options: {
  readonly clients: AwsClients;
  readonly read: ResultAsync<Item | null, DecomError>;
  readonly acceptors: readonly Acceptor<Item>[];
  readonly checkpoint: JsonObject;
  readonly finish: (item: Item | null) => ResultAsync<HandlerOutcome, DecomError>;
  /** `read` is coalesced with the others made at the same moment: the wait says `pollsTogether`. */
  readonly together?: boolean;
}): ResultAsync<HandlerOutcome, DecomError> {
  return options.read.andThen((item) =>
    acceptorState(options.acceptors, item) === 'success'
      ? options.finish(item)
      : okAsync<HandlerOutcome, DecomError>({
          status: 'pending',
          checkpoint: options.checkpoint,
          pollAfterMilliseconds: options.clients.pollMilliseconds,
          ...(options.together === true ? { pollsTogether: true } : {}),
        }),
  );
}

/**
 * Every item of every page of a paginator, as one call named `operation`
 * (an IAM or AWS Backup listing read whole).
 *
 * @example
 * ```ts
 * listAll('iam:ListRoles', () => paginateListRoles({ client: iam }, {}), (page) => page.Roles);
 * ```
 */
export function listAll<Page, Item>(
  operation: string,
  pages: () => AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): ResultAsync<Item[], DecomError> {
  return awsCall({ operation }, async () => {
    const found: Item[] = [];
    for await (const page of pages()) found.push(...(items(page) ?? []));
    return found;
  });
}
