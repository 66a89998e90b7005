import {
  createEngine,
  type DecomError,
  decomError,
  decommissionChecklist,
  errAsync,
  type HiddenDependencyScan,
  memoryJournal,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

// A later session's check before deleting (a resume, a scan older than ten minutes, the Temporal runner's one
// session per action) must not read what the run has already deleted: AWS fails a by-id describe that names a
// resource that is gone, and the whole group would be left unchecked, failing every deletion after the first.
const NOW = '2026-12-16T00:00:00Z';
const WEB_1 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1';
const WEB_2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';

describe('hidden dependencies checked again in a later session', () => {
  it('leaves out what the run has deleted, so a gone resource does not fail the next deletion', async () => {
    const cloud = createFakeCloud(standardSeed(NOW));
    const scanned: string[][] = [];
    const inventory = {
      ...cloud.providers.inventory,
      // As on AWS: describing a terminated instance by id fails the whole call.
      findDependents: (resources: readonly Resource[]): ResultAsync<HiddenDependencyScan, DecomError> => {
        scanned.push(resources.map((resource) => resource.arn));
        const gone = resources.find(
          (resource) =>
            resource.arn.includes(':instance/') &&
            cloud.source.instance(resource.arn.split('/')[1] as string).state === 'terminated',
        );
        return gone === undefined
          ? okAsync({ dependencies: [], unchecked: [] })
          : errAsync(
              decomError.providerFailure({ message: `InvalidInstanceID.NotFound: ${gone.arn}`, retryable: false }),
            );
      },
    };
    const journal = memoryJournal();
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: { ...cloud.providers, inventory },
      journal,
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const keys = plan.steps.flatMap((step) => step.actions.map((action) => action));
    const web2Delete = keys.find((action) => action.kind === 'resource.delete' && action.target.arn === WEB_2);
    expect(web2Delete).toBeDefined();
    const first = (
      await engine.apply(plan, {
        approve: () => true,
        only: keys.filter((action) => action !== web2Delete).map((action) => action.key),
      })
    )._unsafeUnwrap();
    expect(cloud.source.instance('i-web1').state).toBe('terminated');
    expect(cloud.source.instance('i-web2').state).not.toBe('terminated');
    const second = (
      await engine.resume(first.runId, { approve: () => true, only: [web2Delete?.key as string] })
    )._unsafeUnwrap();
    const record = second.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .find((candidate) => candidate.action.key === web2Delete?.key);
    expect(record?.reason ?? null).toBeNull();
    expect(record?.status).toBe('done');
    expect(cloud.source.instance('i-web2').state).toBe('terminated');
    // The second session's scan no longer names the instance the first one terminated.
    expect(scanned.at(-1)).not.toContain(WEB_1);
    expect(scanned.at(-1)).toContain(WEB_2);
  });
});
