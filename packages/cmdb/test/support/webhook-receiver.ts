import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookRequestSchema,
} from '@decomkit/cmdb';

/** A CI the receiver holds. */
export interface ReceiverItem {
  id: string;
  name: string;
  status: string;
  links: string[];
  notes: string[];
  /** The cloud ids discovery recorded on it (an instance id, an ARN). */
  cloudIds: readonly string[];
}

/** A request the receiver got, with whether its signature held. */
export interface ReceivedMessage {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly verified: boolean;
}

/** The loopback receiver: its URL, its CIs and reviews, what it received, and fault switches. */
export interface WebhookReceiver {
  readonly url: string;
  readonly items: Map<string, ReceiverItem>;
  readonly reviews: Map<string, Record<string, unknown>>;
  readonly received: ReceivedMessage[];
  /** Writes applied (a replayed idempotency key is not one). */
  writes(): number;
  /** The next write is applied, then the connection is dropped without an answer. */
  crashAfterWrite(): void;
  /** The next `count` requests answer 503, or 429 with `Retry-After: retryAfter`. */
  refuse(count: number, status: 429 | 503, retryAfter?: string): void;
  close(): Promise<void>;
}

/**
 * A loopback CMDB receiver that does what the README asks of one: checks
 * every request with `verifyWebhookSignature` on the raw body (401
 * otherwise), validates it against the message schemas, applies each
 * idempotency key once and answers a repeat with the stored answer.
 */
export async function startWebhookReceiver(
  secret: string,
  ids: readonly string[],
  cloudIds: Readonly<Record<string, readonly string[]>> = {},
): Promise<WebhookReceiver> {
  const items = new Map<string, ReceiverItem>(
    ids.map((id) => [
      id,
      { id, name: id, status: 'Installed', links: [], notes: [], cloudIds: [...(cloudIds[id] ?? [])] },
    ]),
  );
  const reviews = new Map<string, Record<string, unknown>>();
  const answered = new Map<string, { status: number; body: unknown }>();
  const received: ReceivedMessage[] = [];
  let writes = 0;
  let crash = false;
  let refusals = { count: 0, status: 503, retryAfter: undefined as string | undefined };
  const itemOf = (item: ReceiverItem) => ({
    id: item.id,
    name: item.name,
    status: item.status,
    retired: item.status === 'Retired',
    links: [...item.links],
  });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const verified = verifyWebhookSignature({
        secret,
        body,
        timestamp: header(TIMESTAMP_HEADER),
        signature: header(SIGNATURE_HEADER),
      });
      received.push({ body, headers: request.headers as Record<string, string>, verified });
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(json));
      };
      if (refusals.count > 0) {
        refusals = { ...refusals, count: refusals.count - 1 };
        return answer(
          refusals.status,
          { error: { message: 'try later' } },
          refusals.retryAfter === undefined ? {} : { 'retry-after': refusals.retryAfter },
        );
      }
      if (!verified) return answer(401, { error: { message: 'bad signature' } });
      const parsed = webhookRequestSchema.safeParse(JSON.parse(body));
      if (!parsed.success) return answer(400, { error: { message: parsed.error.message } });
      const message = parsed.data;
      if (message.type === 'cmdb.getItem') {
        const item = items.get(message.ciId);
        return answer(200, { item: item === undefined ? null : itemOf(item) });
      }
      if (message.type === 'cmdb.findByCloudIds') {
        const found = [...items.values()].flatMap((item) => {
          const cloudId = item.cloudIds.find((candidate) => message.cloudIds.includes(candidate));
          return cloudId === undefined ? [] : [{ cloudId, item: itemOf(item) }];
        });
        return answer(200, { items: found });
      }
      if (message.type === 'review.get') return answer(200, { review: reviews.get(message.idempotencyKey) ?? null });
      const key = header(IDEMPOTENCY_HEADER) ?? '';
      const replay = answered.get(key);
      if (replay !== undefined) return answer(replay.status, replay.body);
      let result: { status: number; body: unknown };
      if (message.type === 'cmdb.retire') {
        const item = items.get(message.ciId);
        const unknown = message.azureCiIds.find((id) => !items.has(id));
        if (item === undefined || unknown !== undefined)
          return answer(404, {
            error: { message: `no configuration item ${item === undefined ? message.ciId : unknown}` },
          });
        item.status = 'Retired';
        for (const link of message.azureCiIds) if (!item.links.includes(link)) item.links.push(link);
        item.notes.push(message.note);
        result = { status: 200, body: { item: itemOf(item) } };
      } else {
        const { type: _type, actionKey: _actionKey, ...review } = message;
        const stored = { ...review, id: `REV${reviews.size + 1}` };
        reviews.set(message.idempotencyKey, stored);
        result = { status: 201, body: { review: stored } };
      }
      writes += 1;
      answered.set(key, result);
      if (crash) {
        crash = false;
        request.socket.destroy();
        return;
      }
      return answer(result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/decomkit/cmdb`,
    items,
    reviews,
    received,
    writes: () => writes,
    crashAfterWrite: () => {
      crash = true;
    },
    refuse: (count, status, retryAfter) => {
      refusals = { count, status, retryAfter };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
