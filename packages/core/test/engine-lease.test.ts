/**
 * One runner per run (issue 9, item 2), in one process: two `resume` calls of
 * the same run at once. Before the lease both executed every action (each
 * instance terminated twice) and forked the journal; now the second gets
 * `Conflict` and every effect happens once.
 */
import { createEngine, memoryJournal, verifyJournal } from '@decomkit/core';
import { createFakeCloud, seededRandom } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { crashWorkload, crashWorldSeed, IN_SCOPE_INSTANCES } from './support/crash-world.js';

describe('engine with a memory journal', () => {
  it('lets one of two concurrent resumes of a run proceed; the other gets Conflict', async () => {
    const cloud = createFakeCloud(crashWorldSeed());
    const journal = memoryJournal();
    const engine = createEngine({
      checklist: retireInstancesChecklist(crashWorkload()),
      providers: cloud.providers,
      journal,
      random: seededRandom(7),
    })._unsafeUnwrap();
    const applied = await engine.plan().andThen((plan) => engine.apply(plan, { runId: 'twice' }));
    expect(applied._unsafeUnwrap().status).toBe('waiting');
    const approve = () => true;
    const [first, second] = await Promise.all([
      engine.resume('twice', { approve }),
      engine.resume('twice', { approve }),
    ]);
    expect(first._unsafeUnwrap().status).toBe('completed');
    expect(second._unsafeUnwrapErr().code).toBe('Conflict');
    expect(second._unsafeUnwrapErr().message).toContain(`pid ${process.pid}`);
    const terminated = cloud.calls
      .mutating()
      .filter((call) => call.operation === 'TerminateInstances')
      .flatMap((call) => (call.target ?? '').split(','));
    expect(terminated.sort()).toEqual([...IN_SCOPE_INSTANCES].sort());
    expect(verifyJournal(journal.records('twice')).isOk()).toBe(true);
    // The lease is released with the run: a later resume is admitted.
    expect((await engine.resume('twice'))._unsafeUnwrap().status).toBe('completed');
  });
});
