import { type DecomError, decomError, err, ok, type Result, ResultAsync } from '@decomkit/core';
import { fromUnknown } from '@decomkit/provider-kit';
import type { z } from 'zod';
import { isAborted, type RetryPolicy, requestSignal, retryDelay, sleep } from '../http/retry-policy.js';
import { kindOf } from '../service-now/service-now-auth.js';
import type { WebhookRequest } from './webhook-messages.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhook-signature.js';

/** Sends one signed message and checks the answer against its schema. */
export type WebhookSend = <Answer>(
  message: WebhookRequest,
  answer: z.ZodType<Answer>,
  signal?: AbortSignal,
) => ResultAsync<Answer, DecomError>;

/** Where and how the webhook client sends. */
export interface WebhookClientOptions {
  readonly url: string;
  readonly secret: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly policy: RetryPolicy;
}

/**
 * The webhook client: each message is POSTed as JSON, signed (timestamp
 * and HMAC-SHA-256 headers, re-signed on each try), with the idempotency key
 * header on writes; 429, 5xx and dropped connections are retried with
 * back-off (safe for writes: the receiver applies a key once). The answer
 * must match the message's schema.
 */
export function webhookClient(options: WebhookClientOptions): WebhookSend {
  return (message, answer, signal) =>
    new ResultAsync(sendWithRetries(options, message, signal)).andThen((json) => {
      const parsed = answer.safeParse(json);
      return parsed.success
        ? ok(parsed.data)
        : err(
            decomError.providerFailure({
              message: `CMDB webhook ${message.type}: the answer does not match its schema: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`,
              retryable: false,
            }),
          );
    });
}

async function sendWithRetries(
  options: WebhookClientOptions,
  message: WebhookRequest,
  signal: AbortSignal | undefined,
): Promise<Result<unknown, DecomError>> {
  const what = `CMDB webhook ${message.type}`;
  const body = JSON.stringify(message);
  const idempotency: Record<string, string> =
    message.type === 'cmdb.retire' || message.type === 'review.schedule'
      ? { [IDEMPOTENCY_HEADER]: message.idempotencyKey }
      : {};
  for (let attempt = 1; ; attempt += 1) {
    if (isAborted(signal)) return err(decomError.cancelled(`${what}: cancelled`));
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          accept: 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhookBody(options.secret, timestamp, body),
          ...idempotency,
        },
        body,
        signal: requestSignal(options.policy, signal),
      });
    } catch (cause) {
      if (isAborted(signal)) return err(decomError.cancelled(`${what}: cancelled`));
      if (attempt < options.policy.attempts) {
        await sleep(retryDelay(options.policy, attempt, null), signal);
        continue;
      }
      return err(fromUnknown(`${what}: no response`, kindOf(cause), true));
    }
    if (response.ok)
      return ResultAsync.fromPromise(response.json() as Promise<unknown>, () =>
        decomError.providerFailure({ message: `${what}: the answer is not JSON`, retryable: false }),
      );
    if ((response.status === 429 || response.status >= 500) && attempt < options.policy.attempts) {
      const delay = retryDelay(options.policy, attempt, response.headers.get('retry-after'));
      await response.body?.cancel();
      if (delay > options.policy.maxDelayMilliseconds)
        return err(
          decomError.throttled({
            message: `${what}: throttled; the receiver asks to wait ${Math.ceil(delay / 1000)} s`,
          }),
        );
      await sleep(delay, signal);
      continue;
    }
    return err(await errorOf(response, what, message));
  }
}

async function errorOf(response: Response, what: string, message: WebhookRequest): Promise<DecomError> {
  const said = ((await response.json().catch(() => null)) as { error?: { message?: unknown } } | null)?.error?.message;
  const text = `${what}: HTTP ${response.status}${typeof said === 'string' && said !== '' ? `: ${said}` : ''}`;
  const resource = 'ciId' in message && message.ciId !== null ? message.ciId : undefined;
  switch (response.status) {
    case 401:
      return decomError.accessDenied({ message: `${text} (the receiver refused the signature)` });
    case 403:
      return decomError.accessDenied({ message: text });
    case 404:
      return decomError.notFound({ message: text, ...(resource === undefined ? {} : { resource }) });
    case 409:
      return decomError.conflict({ message: text });
    case 400:
    case 422:
      return decomError.invalidInput(text);
    case 429:
      return decomError.throttled({ message: text });
    default:
      return decomError.providerFailure({ message: text, retryable: response.status >= 500 });
  }
}
