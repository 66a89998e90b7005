import {
  type ActionHandler,
  type CloudConfigurationItem,
  type CmdbPort,
  type ConfigurationItem,
  type DecomError,
  decomError,
  errAsync,
  type InputIssue,
  okAsync,
  type PlannedAction,
  PORT_SPECIFICATION_VERSION,
} from '@decomkit/core';
import { done } from '@decomkit/provider-kit';
import type { z } from 'zod';
import { actionMarker, isSafeId, type RetireInput, retireInput, reviewInput } from '../action-input.js';
import { checkEndpoint } from '../http/endpoint.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry-policy.js';
import { refusingPort } from '../service-now/service-now-cmdb.js';
import { webhookClient } from './webhook-client.js';
import {
  webhookFindByCloudIdsResponseSchema,
  webhookGetItemResponseSchema,
  webhookGetReviewResponseSchema,
  webhookRetireResponseSchema,
  webhookReviewResponseSchema,
  type webhookReviewSchema,
} from './webhook-messages.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';

/** The options of {@link webhookCmdb}. */
export interface WebhookCmdbOptions {
  /** The receiver's URL (HTTPS; plain HTTP only on a loopback host, for tests). */
  readonly url: string;
  /** The shared HMAC-SHA-256 key the receiver verifies signatures with. */
  readonly secret: string;
  /** Extra headers sent with every request (an API gateway key…); never in errors. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Retries on 429, 5xx and dropped connections. */
  readonly retry?: Partial<RetryPolicy>;
}

const RESERVED = [SIGNATURE_HEADER, TIMESTAMP_HEADER, IDEMPOTENCY_HEADER, 'content-type'];

/**
 * The `cmdb` port on any system behind a signed JSON webhook (the messages,
 * their JSON Schemas and the signature check are in the package README and
 * `webhookJsonSchemas()`). A retire reads the CI first and sends nothing when
 * it is already retired with its relations; every write carries the action's
 * idempotency key, which the receiver applies once; verification and
 * reconcile read the CI back with `cmdb.getItem`; `cmdb.findByCloudIds` finds
 * the CIs of resources by cloud id (exact matches kept).
 *
 * @example
 * ```ts
 * const cmdb = webhookCmdb({ url: 'https://cmdb.example.com/decomkit', secret: process.env.CMDB_WEBHOOK_SECRET ?? '' });
 * ```
 */
export function webhookCmdb(options: WebhookCmdbOptions): CmdbPort {
  const issues: InputIssue[] = [];
  const endpoint = checkEndpoint(options.url, 'url');
  if (endpoint.isErr()) issues.push(...endpoint.error.issues);
  if (typeof options.secret !== 'string' || options.secret.length < 16)
    issues.push({ path: 'secret', message: 'at least 16 characters' });
  for (const name of Object.keys(options.headers ?? {}))
    if (RESERVED.includes(name.toLowerCase())) issues.push({ path: `headers.${name}`, message: 'set by the provider' });
  if (issues.length > 0) return refusingPort(decomError.invalidInput('webhookCmdb: invalid options', issues));
  const send = webhookClient({
    url: options.url,
    secret: options.secret,
    headers: options.headers ?? {},
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
  });
  const getItem = (ciId: string, signal?: AbortSignal) =>
    send({ type: 'cmdb.getItem', ciId }, webhookGetItemResponseSchema, signal).map(({ item }) => item);
  const retiredWith = (item: ConfigurationItem | null, input: RetireInput): item is ConfigurationItem =>
    item?.retired === true && input.azureCiIds.every((id) => item.links.includes(id));
  const retireResult = (action: PlannedAction, item: ConfigurationItem) =>
    done({ ciId: item.id, status: item.status, links: [...item.links], marker: actionMarker(action) });
  const retire: ActionHandler<'cmdb.retire'> = {
    execute: (action, context) => {
      const input = retireInput(action);
      if (input.isErr()) return errAsync(input.error);
      return getItem(input.value.ciId, context.signal).andThen((item) => {
        if (item === null)
          return errAsync(
            decomError.notFound({
              message: `CMDB webhook: no configuration item ${input.value.ciId}`,
              resource: input.value.ciId,
            }),
          );
        if (retiredWith(item, input.value)) return okAsync(retireResult(action, item));
        const message = {
          type: 'cmdb.retire' as const,
          idempotencyKey: actionMarker(action),
          actionKey: action.key,
          ciId: input.value.ciId,
          azureCiIds: [...input.value.azureCiIds],
          note: `Retired by decomkit, run ${context.runId ?? 'not given'}, action ${action.key}; evidence (gates met): ${action.gates.map((gate) => JSON.stringify(gate)).join('; ') || 'none recorded'}`,
        };
        return send(message, webhookRetireResponseSchema, context.signal).andThen(({ item: changed }) =>
          retiredWith(changed, input.value)
            ? okAsync(retireResult(action, changed))
            : errAsync(
                decomError.providerFailure({
                  message: `CMDB webhook cmdb.retire ${input.value.ciId}: the receiver answered, but the CI is not retired with its links`,
                  retryable: false,
                }),
              ),
        );
      });
    },
    reconcile: (action, context) => {
      const input = retireInput(action);
      if (input.isErr()) return errAsync(input.error);
      return getItem(input.value.ciId, context.signal).map((item) =>
        retiredWith(item, input.value) ? retireResult(action, item) : ({ status: 'absent' } as const),
      );
    },
  };
  const reviewResult = (action: PlannedAction, review: z.infer<typeof webhookReviewSchema>) =>
    done({ review: action.key, ...review });
  const findReview = (action: PlannedAction, signal?: AbortSignal) =>
    send({ type: 'review.get', idempotencyKey: actionMarker(action) }, webhookGetReviewResponseSchema, signal).map(
      ({ review }) => review,
    );
  const schedule: ActionHandler<'review.schedule'> = {
    execute: (action, context) => {
      const input = reviewInput(action);
      if (input.isErr()) return errAsync(input.error);
      return findReview(action, context.signal)
        .andThen((existing) =>
          existing !== null
            ? okAsync(existing)
            : send(
                {
                  type: 'review.schedule',
                  idempotencyKey: actionMarker(action),
                  actionKey: action.key,
                  ...input.value,
                },
                webhookReviewResponseSchema,
                context.signal,
              ).map(({ review }) => review),
        )
        .map((review) => reviewResult(action, review));
    },
    reconcile: (action, context) =>
      findReview(action, context.signal).map((review) =>
        review === null ? ({ status: 'absent' } as const) : reviewResult(action, review),
      ),
  };
  // Exact matches of the ids asked, each CI once, whatever a lax receiver answers; 1000 ids a message.
  const findByCloudIds = (cloudIds: readonly string[]) => {
    const wanted = new Set(cloudIds);
    const ids = [...wanted];
    const messages = Array.from({ length: Math.ceil(ids.length / 1000) }, (_, index) =>
      ids.slice(index * 1000, (index + 1) * 1000),
    );
    return messages
      .reduce(
        (previous, chunk) =>
          previous.andThen((found) =>
            send({ type: 'cmdb.findByCloudIds', cloudIds: chunk }, webhookFindByCloudIdsResponseSchema).map(
              ({ items }) => [...found, ...items],
            ),
          ),
        okAsync<{ cloudId: string; item: ConfigurationItem }[], DecomError>([]),
      )
      .map((found) => {
        const items = new Map<string, CloudConfigurationItem>();
        for (const { cloudId, item } of found)
          if (wanted.has(cloudId) && !items.has(item.id))
            items.set(item.id, { cloudId, id: item.id, name: item.name, status: item.status, retired: item.retired });
        return [...items.values()];
      });
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: ['cmdb.webhook'],
    findByCloudIds,
    handlers: { 'cmdb.retire': retire, 'review.schedule': schedule },
    getItem: (id) =>
      isSafeId(id)
        ? getItem(id)
        : errAsync(
            decomError.invalidInput(`CMDB webhook getItem: "${id}" is not a CI id`, [
              { path: 'id', message: 'letters, digits and _ . : -' },
            ]),
          ),
  };
}
