/**
 * decomkit CMDB providers: the `cmdb` port (CIs, and the handlers of
 * `cmdb.retire` and `review.schedule`) on a ServiceNow instance over the
 * Table API, or on any system behind a signed JSON webhook.
 *
 * @example
 * ```ts
 * import { serviceNowCmdb } from '@decomkit/cmdb';
 * const cmdb = serviceNowCmdb({ instance: 'https://acme.service-now.com', auth: { kind: 'bearer', token: readToken } });
 * ```
 * @packageDocumentation
 */

export { actionMarker } from './action-input.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http/retry-policy.js';
export type { LifecycleFields } from './service-now/lifecycle.js';
export { type ServiceNowAccess, serviceNowAccess } from './service-now/service-now-access.js';
export type { ServiceNowAuth } from './service-now/service-now-auth.js';
export { type ServiceNowCmdbOptions, serviceNowCmdb } from './service-now/service-now-cmdb.js';
export type { ServiceNowTables } from './service-now/service-now-records.js';
export type { ServiceNowTableAccess, TableOperation } from './service-now/table-access.js';
export { type WebhookCmdbOptions, webhookCmdb } from './webhook/webhook-cmdb.js';
export {
  type WebhookRequest,
  webhookConfigurationItemSchema,
  webhookErrorSchema,
  webhookFindByCloudIdsRequestSchema,
  webhookFindByCloudIdsResponseSchema,
  webhookGetItemRequestSchema,
  webhookGetItemResponseSchema,
  webhookGetReviewRequestSchema,
  webhookGetReviewResponseSchema,
  webhookJsonSchemas,
  webhookRequestSchema,
  webhookRetireRequestSchema,
  webhookRetireResponseSchema,
  webhookReviewRequestSchema,
  webhookReviewResponseSchema,
  webhookReviewSchema,
} from './webhook/webhook-messages.js';
export {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type WebhookSignatureInput,
} from './webhook/webhook-signature.js';
