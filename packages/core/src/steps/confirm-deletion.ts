import { err, ok, type Result, ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import { stillOpen, verified } from '../model/evidence.js';
import { defineStep } from '../model/step.js';
import { DESCRIBE_SCOPES_MAX_ARNS, type InventoryPort } from '../spec/inventory.js';

/** How long after the delete date AWS Config may still lag before its silence is a problem. */
export const CONFIG_LAG_TOLERANCE_HOURS = 24;

/**
 * Proves deletion two ways that must agree: a direct describe of every
 * in-scope resource finds nothing (read with the inventory's
 * `describeScopes`, a thousand ARNs a call, where it has one; `describe`
 * each otherwise), and AWS Config has recorded each one as
 * deleted. Config lags; until the tolerance after the delete date has passed,
 * a lagging record keeps the item open with a "resume later" reason.
 */
export const confirmDeletion = defineStep({
  id: 'confirm-deletion',
  item: 'deletion-check',
  title: 'Confirm deletion through AWS Config and describe',
  needs: ['inventory', 'configInventory'],
  after: ['retire-resources'],
  plan: () => ({ actions: [] }),
  verify: async ({ ports, inventory, workload, now }) => {
    const arns = inventory.map((resource) => resource.arn);
    const live = await liveByDescribe(ports.inventory, arns);
    if (live.isErr()) return err(live.error);
    if (live.value.length > 0) return stillOpen(`still live by describe: ${live.value.join(', ')}`);
    const records = await ports.configInventory.records(arns);
    return records.map((found): ReturnType<typeof verified> => {
      // Every resource must be recorded as deleted: no record at all is no proof (Config lags, or does not record the type).
      const deleted = new Set(
        found.filter((record) => record.status === 'ResourceDeleted').map((record) => record.arn),
      );
      const unconfirmed = arns.filter((arn) => !deleted.has(arn));
      if (unconfirmed.length > 0) {
        const deadline = Date.parse(workload.sunset.deleteAt) + CONFIG_LAG_TOLERANCE_HOURS * 3_600_000;
        const names = unconfirmed.join(', ');
        return now.getTime() <= deadline
          ? stillOpen(`AWS Config has not recorded the deletion of ${names} yet (it lags); resume later`)
          : stillOpen(
              `AWS Config has not recorded the deletion of ${names} more than ${CONFIG_LAG_TOLERANCE_HOURS} h after the delete date: investigate`,
            );
      }
      return verified(`${arns.length} resources gone by describe and recorded deleted by AWS Config`, {
        checked: arns,
        config: found.map((record) => ({ arn: record.arn, status: record.status, capturedAt: record.capturedAt })),
      });
    });
  },
});

/**
 * The ARNs among `arns` the inventory still describes as live: by
 * `describeScopes` (at most {@link DESCRIBE_SCOPES_MAX_ARNS} a call) where it
 * has one, else one `describe` each. An ARN `describeScopes` gives no answer
 * for counts as live: its deletion is not proven (fail closed).
 */
async function liveByDescribe(
  inventory: Pick<InventoryPort, 'describe' | 'describeScopes'>,
  arns: readonly string[],
): Promise<Result<string[], DecomError>> {
  const describeScopes = inventory.describeScopes?.bind(inventory);
  if (describeScopes === undefined) {
    const described = await ResultAsync.combine(arns.map((arn) => inventory.describe(arn)));
    return described.map((resources) =>
      resources.filter((resource) => resource !== null).map((resource) => resource?.arn ?? ''),
    );
  }
  const live: string[] = [];
  for (let start = 0; start < arns.length; start += DESCRIBE_SCOPES_MAX_ARNS) {
    const chunk = arns.slice(start, start + DESCRIBE_SCOPES_MAX_ARNS);
    const scopes = await describeScopes(chunk);
    if (scopes.isErr()) return err(scopes.error);
    for (const arn of chunk) if (scopes.value.get(arn) !== null) live.push(arn);
  }
  return ok(live);
}
