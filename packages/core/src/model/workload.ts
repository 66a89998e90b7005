import { err, ok, type Result } from 'neverthrow';
import { decomError, type InvalidInputError } from '../errors/decom-error.js';
import { guardInput } from '../util/guard-input.js';
import { zodInputIssues } from '../util/zod-input-issues.js';
import { type Workload, type WorkloadInput, workloadSchema } from './workload-schema.js';

/**
 * Validates a workload description at the edge. Every bad field yields an
 * `InvalidInput` error whose `issues` name the field path; nothing throws,
 * not even a getter or Proxy in the input (see `guardInput`).
 *
 * @example
 * ```ts
 * const workload = defineWorkload({
 *   id: 'payments',
 *   source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
 *   target: { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroups: ['rg-payments'] },
 *   dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
 *   sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
 *   backups: { vault: 'decom-archive', retainDays: 365 },
 * });
 * if (workload.isErr()) console.error(workload.error.issues);
 * ```
 */
export function defineWorkload(input: WorkloadInput): Result<Workload, InvalidInputError> {
  return guardInput('workload', () => parseWorkload(input));
}

function parseWorkload(input: WorkloadInput): Result<Workload, InvalidInputError> {
  const parsed = workloadSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = zodInputIssues(parsed.error, '', '(workload)');
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return err(decomError.invalidInput(`invalid workload: ${summary}`, issues, parsed.error));
}
