// A CMDB provider of your own, whole: docs/writing-a-provider.md walks through it, and
// examples/in-memory-cmdb.test.ts holds it to decomkit's `cmdb` conformance suite.
import {
  type ActionHandler,
  type CmdbPort,
  type ConfigurationItem,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type ReconcileOutcome,
  type ResultAsync,
} from '@decomkit/core';
import { cmdbRetireInput, reviewScheduleInput } from '@decomkit/provider-kit';

/** The system behind the port: here a map; yours is a REST API, a database… */
export class InMemoryCmdbStore {
  readonly items = new Map<string, ConfigurationItem>();
  readonly reviews = new Map<string, { ciId: string | null; firstReviewAt: string }>();
  /** Writes made, for the conformance suite's oracle ("retiring twice is one write"). */
  writes = 0;

  constructor(ids: readonly string[]) {
    for (const id of ids) this.items.set(id, { id, name: id, status: 'Installed', retired: false, links: [] });
  }
}

export function inMemoryCmdb(store: InMemoryCmdbStore): { cmdb: CmdbPort } {
  const itemOf = (ciId: string): ResultAsync<ConfigurationItem, DecomError> => {
    const item = store.items.get(ciId);
    return item === undefined
      ? errAsync(decomError.notFound({ message: `no configuration item ${ciId}`, resource: ciId }))
      : okAsync(item);
  };
  const retired = (item: ConfigurationItem): HandlerOutcome => ({
    status: 'done',
    result: { ciId: item.id, links: [...item.links] },
  });

  const retire: ActionHandler<'cmdb.retire'> = {
    execute: (action) =>
      cmdbRetireInput(action) // a plan is data: check every param before use
        .asyncAndThen(({ ciId, azureCiIds }) => itemOf(ciId).map((item) => ({ item, azureCiIds })))
        .map(({ item, azureCiIds }) => {
          if (item.retired) return retired(item); // already done: write nothing (idempotent)
          const next = {
            ...item,
            status: 'Retired',
            retired: true,
            links: [...new Set([...item.links, ...azureCiIds])],
          };
          store.items.set(item.id, next);
          store.writes += 1;
          return retired(next);
        }),
    reconcile: (action) =>
      cmdbRetireInput(action)
        .asyncAndThen(({ ciId }) => itemOf(ciId))
        .map((item): ReconcileOutcome => (item.retired ? retired(item) : { status: 'absent' })),
  };

  const schedule: ActionHandler<'review.schedule'> = {
    execute: (action, context) =>
      reviewScheduleInput(action).asyncAndThen(({ ciId, firstReviewAt }) => {
        // Keyed by the action's idempotency token: a retry finds the first write.
        if (!store.reviews.has(context.idempotencyToken)) {
          store.reviews.set(context.idempotencyToken, { ciId, firstReviewAt });
          store.writes += 1;
        }
        return okAsync<HandlerOutcome, DecomError>({
          status: 'done',
          result: { reviewId: context.idempotencyToken, firstReviewAt },
        });
      }),
    reconcile: (_action, context) => {
      const review = store.reviews.get(context.idempotencyToken);
      return okAsync(
        review === undefined
          ? { status: 'absent' }
          : { status: 'done', result: { reviewId: context.idempotencyToken, firstReviewAt: review.firstReviewAt } },
      );
    },
  };

  return {
    cmdb: {
      specificationVersion: PORT_SPECIFICATION_VERSION,
      capabilities: ['cmdb.retire'],
      getItem: (id) => okAsync(store.items.get(id) ?? null),
      handlers: { 'cmdb.retire': retire, 'review.schedule': schedule },
    },
  };
}
