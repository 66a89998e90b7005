import type { Action, HandlerContext } from '@decomkit/core';

/** A retirement action on `arn` (a queue unless said). */
export function actionOn(arn: string, kind = 'resource.delete', resourceType = 'Test::Queue'): Action {
  return {
    key: `retire-resources/${kind}/${arn}`,
    step: 'retire-resources',
    item: 'retire',
    kind,
    target: { ref: arn, arn, resourceType, accountId: '111111111111', region: 'eu-west-1' },
    params: {},
    gates: [],
    dependsOn: [],
  };
}

/** A handler context with its own signal. */
export function contextWith(signal: AbortSignal = new AbortController().signal): HandlerContext {
  return {
    signal,
    clock: { now: () => new Date(0), sleep: async () => {} },
    idempotencyToken: 'token',
    ports: {},
  };
}

/** The id of a test queue ARN (`arn:test:queue/<id>`), or null. */
export function queueIdOf(arn: string): string | null {
  return /^arn:test:queue\/([^/]+)$/.exec(arn)?.[1] ?? null;
}
