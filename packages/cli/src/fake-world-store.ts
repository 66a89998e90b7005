import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decomError, err, type InvalidInputError, ok, type Result } from '@decomkit/core';
import {
  createFakeCloud,
  demoSeed,
  type FakeCloud,
  type FakeCloudSeed,
  restoreFakeCloud,
  type WorldState,
} from '@decomkit/fake';
import { parse } from 'yaml';

/** Where the fake cloud's world is kept between commands, in the state directory. */
export function fakeWorldPath(stateDirectory: string): string {
  return join(stateDirectory, 'fake-cloud.json');
}

/**
 * The fake cloud of a workload file: the world kept in the state directory
 * when there is one (an earlier command made it), else a new one from the
 * seed — `demo`, `empty`, or a seed file relative to the workload file.
 */
export function openFakeCloud(
  stateDirectory: string,
  config: { readonly seed: string; readonly now?: string | undefined },
  workloadPath: string,
): Result<FakeCloud, InvalidInputError> {
  const kept = fakeWorldPath(stateDirectory);
  if (existsSync(kept)) {
    try {
      return ok(restoreFakeCloud(JSON.parse(readFileSync(kept, 'utf8')) as WorldState));
    } catch (cause) {
      return err(
        decomError.invalidInput(`the fake cloud kept in ${kept} cannot be read`, [
          { path: kept, message: (cause as Error).message },
        ]),
      );
    }
  }
  const seed = seedOf(config, workloadPath);
  return seed.map((value) => createFakeCloud(value));
}

/** Keeps the fake cloud's world for the next command (written whole, then renamed into place). */
export function keepFakeCloud(stateDirectory: string, cloud: FakeCloud): void {
  const path = fakeWorldPath(stateDirectory);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(cloud.snapshot()));
  renameSync(`${path}.tmp`, path);
}

function seedOf(
  config: { readonly seed: string; readonly now?: string | undefined },
  workloadPath: string,
): Result<FakeCloudSeed, InvalidInputError> {
  const now = config.now ?? '2026-11-26T09:00:00Z';
  if (config.seed === 'demo') return ok(demoSeed(now));
  if (config.seed === 'empty') return ok({ now });
  const path = resolve(dirname(workloadPath), config.seed);
  try {
    const seed = parse(readFileSync(path, 'utf8')) as FakeCloudSeed;
    return ok(config.now === undefined ? seed : { ...seed, now: config.now });
  } catch (cause) {
    return err(
      decomError.invalidInput(`providers.seed: cannot read the fake cloud's seed ${path}`, [
        { path: 'providers.seed', message: (cause as Error).message },
      ]),
    );
  }
}
