import type {
  Action,
  ActionHandler,
  HandlerContext,
  HandlerOutcome,
  JsonObject,
  Resource,
  Workload,
} from '@decomkit/core';
import type { FakeCloud } from '@decomkit/fake';
import { idempotencyToken, portHandler } from '@decomkit/provider-kit';

/** The default account and region of a fake cloud. */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** An action of `kind` on the resource `arn`. */
export function actionOn(kind: string, arn: string, params: JsonObject = {}, resourceType?: string): Action {
  return {
    key: `test:${kind}:${arn}`,
    step: 'test',
    item: kind.startsWith('backup') ? 'backups' : 'retire',
    kind,
    target: {
      ref: arn,
      arn,
      accountId: ACCOUNT,
      region: REGION,
      ...(resourceType === undefined ? {} : { resourceType }),
    },
    params,
    gates: [],
    dependsOn: [],
  };
}

/** A handler context over the cloud's clock. */
export function contextFor(cloud: FakeCloud, action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: cloud.clock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

/** The handler of `kind` on the retirement or backups port. */
export function handler(cloud: FakeCloud, kind: string): ActionHandler {
  const found = portHandler(cloud.providers.retirement, kind) ?? portHandler(cloud.providers.backups, kind);
  if (found === undefined) throw new Error(`no handler ${kind}`);
  return found;
}

/** Executes an action and polls it (advancing the fake clock) until it is done; throws on an error. */
export async function runToEnd(cloud: FakeCloud, action: Action): Promise<JsonObject> {
  const chosen = handler(cloud, action.kind);
  const context = contextFor(cloud, action);
  let outcome: HandlerOutcome = (await chosen.execute(action, context))._unsafeUnwrap();
  let polls = 0;
  while (outcome.status === 'pending') {
    polls += 1;
    if (polls > 100) throw new Error('never finished');
    cloud.clock.advance(outcome.pollAfterMilliseconds ?? 5_000);
    const poll = chosen.poll;
    if (poll === undefined) throw new Error('pending without poll');
    outcome = (await poll(action, outcome.checkpoint, context))._unsafeUnwrap();
  }
  return outcome.result;
}

/** The whole discovered inventory of a selector. */
export async function discoverAll(cloud: FakeCloud, select: Workload['source']['select'], regions = [REGION]) {
  const found: Resource[] = [];
  for await (const page of cloud.providers.inventory.discover({
    accountId: ACCOUNT,
    regions,
    select,
  } as Workload['source'])) {
    found.push(...page._unsafeUnwrap());
  }
  return found;
}

/** ARNs of the fake's resources. */
export const arn = {
  instance: (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`,
  volume: (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${id}`,
  address: (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:elastic-ip/${id}`,
  securityGroup: (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
  image: (id: string) => `arn:aws:ec2:${REGION}::image/${id}`,
  snapshot: (id: string) => `arn:aws:ec2:${REGION}::snapshot/${id}`,
  dbInstance: (id: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`,
  dbCluster: (id: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${id}`,
};
