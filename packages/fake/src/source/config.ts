import { type DecomError, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeConfigItem } from './source-types.js';

/** What AWS Config returns for one resource (BatchGetResourceConfig / SelectResourceConfig). */
export interface ConfigView {
  readonly arn: string;
  readonly type: string;
  readonly status: FakeConfigItem['status'];
  readonly capturedAt: string;
}

/**
 * Records a change for AWS Config. Every fake service calls this inside the
 * effect of its mutating calls: creation (`ResourceDiscovered`), any change
 * (`OK`) and deletion (`ResourceDeleted`).
 */
export function recordConfigChange(
  world: FakeWorld,
  arn: string,
  type: string,
  status: FakeConfigItem['status'],
  at: string = world.nowIso(),
): void {
  world.state.configItems.push({ arn, type, status, changedAt: at });
}

/**
 * The fake AWS Config recorder. It records every create, change and delete
 * but, like the real service, only shows it `configLagMinutes` later: a
 * resource deleted a minute ago still appears live until the lag has passed,
 * then as `ResourceDeleted`. A resource created within the lag is not known yet.
 */
export class FakeConfig {
  /** `settlers` apply changes that are due by time (an RDS delete finishing) before Config is read. */
  constructor(
    private readonly world: FakeWorld,
    private readonly settlers: readonly (() => void)[] = [],
  ) {}

  /** What Config knows now about each ARN (those it has never recorded are left out). */
  batchGetResourceConfig(arns: readonly string[]): ResultAsync<ConfigView[], DecomError> {
    return this.world.call('config', 'BatchGetResourceConfig', false, arns.join(','), () => {
      for (const settle of this.settlers) settle();
      const horizon = this.world.clock.now().getTime() - this.world.state.configLagMinutes * 60_000;
      const wanted = new Set(arns);
      const latest = new Map<string, FakeConfigItem>();
      for (const item of this.world.state.configItems) {
        if (!wanted.has(item.arn) || Date.parse(item.changedAt) > horizon) continue;
        if (isLater(item, latest.get(item.arn))) latest.set(item.arn, item);
      }
      return ok(
        arns.flatMap((arn) => {
          const item = latest.get(arn);
          return item === undefined
            ? []
            : [
                {
                  arn,
                  type: item.type,
                  status: item.status,
                  capturedAt: new Date(Date.parse(item.changedAt)).toISOString(),
                },
              ];
        }),
      );
    });
  }

  /** ListDiscoveredResources: the ARNs of one type Config shows as live now (deleted ones only when asked). */
  listDiscoveredResources(type: string, includeDeleted = false): ResultAsync<ConfigView[], DecomError> {
    return this.world.call('config', 'ListDiscoveredResources', false, type, () => {
      for (const settle of this.settlers) settle();
      const horizon = this.world.clock.now().getTime() - this.world.state.configLagMinutes * 60_000;
      const latest = new Map<string, FakeConfigItem>();
      for (const item of this.world.state.configItems) {
        if (item.type === type && Date.parse(item.changedAt) <= horizon && isLater(item, latest.get(item.arn)))
          latest.set(item.arn, item);
      }
      return ok(
        [...latest.values()]
          .filter((item) => includeDeleted || item.status !== 'ResourceDeleted')
          .map((item) => ({ arn: item.arn, type: item.type, status: item.status, capturedAt: item.changedAt })),
      );
    });
  }
}

/** Items can be recorded late (settled after the fact): the latest change wins, ties by recording order. */
function isLater(item: FakeConfigItem, previous: FakeConfigItem | undefined): boolean {
  return previous === undefined || Date.parse(item.changedAt) >= Date.parse(previous.changedAt);
}
