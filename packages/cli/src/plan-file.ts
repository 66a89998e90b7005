import { readFileSync } from 'node:fs';
import { PLAN_SCHEMA_VERSION, type Plan } from '@decomkit/core';
import { z } from 'zod';
import { badInput, type CliFailure } from './cli-error.js';

const action = z.looseObject({
  key: z.string().min(1),
  kind: z.string().min(1),
  target: z.looseObject({
    ref: z.string(),
    arn: z.string().optional(),
    resourceType: z.string().optional(),
    accountId: z.string().optional(),
    region: z.string().optional(),
  }),
  params: z.record(z.string(), z.unknown()),
});

/** The parts of a plan the commands that read one without applying it rely on (the engine checks the rest at apply). */
const planShape = z.looseObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  hash: z.string().min(1),
  workload: z.looseObject({
    id: z.string().min(1),
    source: z.looseObject({ accountId: z.string().min(1), regions: z.array(z.string().min(1)).min(1) }),
    target: z.looseObject({
      subscriptionId: z.string().min(1),
      resourceGroups: z.array(z.string().min(1)).optional(),
      resourceGraphQuery: z.string().min(1).optional(),
    }),
  }),
  steps: z.array(z.looseObject({ id: z.string().min(1), actions: z.array(action) })),
});

/**
 * The plan in the JSON file at `path`, its shape checked: a file that cannot
 * be read, is not JSON, or is not a decomkit plan is a bad-input failure
 * naming the file and each field that is wrong.
 */
export function readPlanFile(path: string): Plan | CliFailure {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    return badInput(`cannot read the plan ${path}: ${(cause as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return badInput(`${path} is not JSON: ${(cause as Error).message}`);
  }
  const parsed = planShape.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(the file)'}: ${issue.message}`);
    return badInput(`${path} is not a decomkit plan:\n${issues.join('\n')}`);
  }
  return json as Plan;
}
