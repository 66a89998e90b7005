import type { PlannedAction } from '@decomkit/core';
import { cmdbRetireInput, reviewScheduleInput } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';

const action = <Kind extends 'cmdb.retire' | 'review.schedule'>(kind: Kind, params: Record<string, unknown>) =>
  ({
    key: `step:${kind}:ref`,
    step: 'step',
    item: 'artifacts',
    kind,
    target: { ref: 'ref' },
    params,
    gates: [],
    dependsOn: [],
  }) as unknown as PlannedAction<Kind>;

describe('CMDB action inputs', () => {
  it('cmdbRetireInput: a CI id, its Azure CIs each once, and the id check of the CMDB', () => {
    expect(
      cmdbRetireInput(action('cmdb.retire', { ciId: 'CI1', azureCiIds: ['A', 'A', 'B'] }))._unsafeUnwrap(),
    ).toEqual({
      ciId: 'CI1',
      azureCiIds: ['A', 'B'],
    });
    expect(cmdbRetireInput(action('cmdb.retire', { ciId: 'CI1' }))._unsafeUnwrap().azureCiIds).toEqual([]);
    const safe = (id: string) => /^[A-Z0-9]+$/.test(id);
    expect(cmdbRetireInput(action('cmdb.retire', { ciId: 'CI1^x' }), safe)._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      issues: [{ path: 'params.ciId' }],
    });
    expect(cmdbRetireInput(action('cmdb.retire', { ciId: 'CI1', azureCiIds: 'A' }))._unsafeUnwrapErr()).toMatchObject({
      issues: [{ path: 'params.azureCiIds' }],
    });
  });

  it('reviewScheduleInput: names every offending field, normalises the instant to UTC', () => {
    const error = reviewScheduleInput(
      action('review.schedule', { cadenceMonths: 61, firstReviewAt: 'later' }),
    )._unsafeUnwrapErr();
    expect(error.code === 'InvalidInput' && error.issues.map((issue) => issue.path)).toEqual([
      'params.ciId',
      'params.cadenceMonths',
      'params.firstReviewAt',
    ]);
    expect(
      reviewScheduleInput(
        action('review.schedule', { workloadId: 'w', cadenceMonths: 6, firstReviewAt: '2027-06-01T02:00:00+02:00' }),
      )._unsafeUnwrap(),
    ).toEqual({ workloadId: 'w', ciId: null, cadenceMonths: 6, firstReviewAt: '2027-06-01T00:00:00.000Z' });
  });
});
