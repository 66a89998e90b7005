// Bundled by @temporalio/worker (webpack + swc) from this TypeScript file: it runs in Temporal's workflow
// sandbox, so it imports only @temporalio/workflow, types, and modules with no Node.js built-ins.
import { proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { TEMPORAL_SEARCH_ATTRIBUTES } from '../../src/search-attributes.js';
import type * as activities from './smoke-activities.js';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });

/** Calls one activity, sets the `DecomkitItem` search attribute, waits on a durable timer, returns the greeting. */
export async function smokeWorkflow(name: string, timerMilliseconds: number): Promise<string> {
  const greeting = await greet(name);
  upsertSearchAttributes([{ key: TEMPORAL_SEARCH_ATTRIBUTES.item, value: ['retire-resources', 'deletion-check'] }]);
  await sleep(timerMilliseconds);
  return greeting;
}
