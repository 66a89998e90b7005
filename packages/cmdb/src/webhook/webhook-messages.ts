import { z } from 'zod';

const ciId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

/** A configuration item as the receiver reports it (the truth verification reads back). */
export const webhookConfigurationItemSchema = z
  .object({
    id: ciId,
    name: z.string(),
    /** The receiver's own status word. */
    status: z.string(),
    retired: z.boolean(),
    /** The CIs this one is related to (its Azure CIs once retired), each once. */
    links: z.array(ciId),
  })
  .describe('A configuration item');

/** A scheduled review as the receiver stores it. */
export const webhookReviewSchema = z
  .object({
    idempotencyKey: z.string(),
    /** The receiver's id of the review record. */
    id: z.string(),
    workloadId: z.string().nullable(),
    ciId: ciId.nullable(),
    cadenceMonths: z.number().int().min(1).max(60),
    firstReviewAt: z.iso.datetime(),
  })
  .describe('A recurring Well-Architected review');

/** `cmdb.getItem`: read one CI. Answer: {@link webhookGetItemResponseSchema}. */
export const webhookGetItemRequestSchema = z.object({ type: z.literal('cmdb.getItem'), ciId }).describe('Read a CI');

/** The answer to `cmdb.getItem`: the CI, or null when the receiver has none. */
export const webhookGetItemResponseSchema = z.object({ item: webhookConfigurationItemSchema.nullable() });

/**
 * `cmdb.findByCloudIds`: the CIs that carry one of `cloudIds` (an ARN, an
 * instance id) as their cloud identity, compared exactly. A read. Answer:
 * {@link webhookFindByCloudIdsResponseSchema}.
 */
export const webhookFindByCloudIdsRequestSchema = z
  .object({ type: z.literal('cmdb.findByCloudIds'), cloudIds: z.array(z.string().min(1).max(2048)).max(1000) })
  .describe('Find CIs by cloud id');

/** The answer to `cmdb.findByCloudIds`: each CI found once, with the cloud id (one of those asked) it carries. */
export const webhookFindByCloudIdsResponseSchema = z.object({
  items: z.array(z.object({ cloudId: z.string(), item: webhookConfigurationItemSchema })),
});

/**
 * `cmdb.retire`: set the CI retired and relate it to `azureCiIds` (each
 * once), recording `note`. The receiver must apply a given `idempotencyKey`
 * once and answer a repeat with the same result. Answer: {@link webhookRetireResponseSchema}.
 */
export const webhookRetireRequestSchema = z
  .object({
    type: z.literal('cmdb.retire'),
    idempotencyKey: z.string(),
    actionKey: z.string(),
    ciId,
    azureCiIds: z.array(ciId),
    /** A human-readable note: the run, the action, the evidence its gates name. */
    note: z.string(),
  })
  .describe('Retire a CI');

/** The answer to `cmdb.retire`: the CI after the change. A CI the receiver does not have is HTTP 404. */
export const webhookRetireResponseSchema = z.object({ item: webhookConfigurationItemSchema });

/** `review.schedule`: record a recurring review, once per `idempotencyKey`. Answer: {@link webhookReviewResponseSchema}. */
export const webhookReviewRequestSchema = z
  .object({
    type: z.literal('review.schedule'),
    idempotencyKey: z.string(),
    actionKey: z.string(),
    workloadId: z.string().nullable(),
    ciId: ciId.nullable(),
    cadenceMonths: z.number().int().min(1).max(60),
    firstReviewAt: z.iso.datetime(),
  })
  .describe('Schedule a recurring review');

/** The answer to `review.schedule`: the review as stored (the first one, for a repeated key). */
export const webhookReviewResponseSchema = z.object({ review: webhookReviewSchema });

/** `review.get`: read the review recorded for `idempotencyKey`. Answer: {@link webhookGetReviewResponseSchema}. */
export const webhookGetReviewRequestSchema = z
  .object({ type: z.literal('review.get'), idempotencyKey: z.string() })
  .describe('Read a scheduled review');

/** The answer to `review.get`: the review, or null. */
export const webhookGetReviewResponseSchema = z.object({ review: webhookReviewSchema.nullable() });

/** Any request the webhook provider sends, told apart by `type`. */
export const webhookRequestSchema = z.discriminatedUnion('type', [
  webhookGetItemRequestSchema,
  webhookFindByCloudIdsRequestSchema,
  webhookRetireRequestSchema,
  webhookReviewRequestSchema,
  webhookGetReviewRequestSchema,
]);

/** A request the webhook provider sends. */
export type WebhookRequest = z.infer<typeof webhookRequestSchema>;

/** The error body a receiver answers a refused request with (any 4xx or 5xx). */
export const webhookErrorSchema = z.object({ error: z.object({ message: z.string() }) });

/**
 * Every message of the webhook protocol as JSON Schema (draft 2020-12), by
 * name: what a receiver on another system implements.
 *
 * @example
 * ```ts
 * writeFileSync('cmdb-webhook.schema.json', JSON.stringify(webhookJsonSchemas(), null, 2));
 * ```
 */
export function webhookJsonSchemas(): Record<string, unknown> {
  const schemas = {
    getItemRequest: webhookGetItemRequestSchema,
    getItemResponse: webhookGetItemResponseSchema,
    findByCloudIdsRequest: webhookFindByCloudIdsRequestSchema,
    findByCloudIdsResponse: webhookFindByCloudIdsResponseSchema,
    retireRequest: webhookRetireRequestSchema,
    retireResponse: webhookRetireResponseSchema,
    reviewRequest: webhookReviewRequestSchema,
    reviewResponse: webhookReviewResponseSchema,
    getReviewRequest: webhookGetReviewRequestSchema,
    getReviewResponse: webhookGetReviewResponseSchema,
    error: webhookErrorSchema,
  };
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema)]));
}
