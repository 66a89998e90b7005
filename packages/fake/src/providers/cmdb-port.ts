import type { ActionHandler, CmdbPort, DecomError, PlannedAction, Result, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { cmdbRetireInput, PORT_SPECIFICATION_VERSION, reviewScheduleInput } from '@decomkit/provider-kit';
import type { FakeCmdb, StatusChoice } from '../cmdb/cmdb.js';
import type { FakeConfigurationItem, FakeScheduledReview } from '../services/services-state.js';
import { done } from './resource-kind.js';

/** The choice whose label means retired, read from the instance's own choice list (never hard-coded). */
export function retiredChoiceOf(choices: readonly StatusChoice[]): StatusChoice | undefined {
  return choices.find((choice) => /\bretired\b/i.test(choice.label));
}

/**
 * Port `cmdb`. `findByCloudIds` finds CIs by the cloud ids seeded on them
 * (`cmdb.items[].cloudIds`, as Cloud Discovery's `object_id` /
 * `correlation_id`), exactly. `cmdb.retire` (params `ciId`, `azureCiIds`) sets the CI to the
 * instance's "retired" choice and relates it to the Azure CIs; reconcile reads
 * both back. `review.schedule` (params `ciId` and/or `workloadId`,
 * `cadenceMonths`, `firstReviewAt`) records a recurring review, once per action key.
 */
export function fakeCmdbPort(cmdb: FakeCmdb): CmdbPort {
  const retiredChoice = (): ResultAsync<StatusChoice, DecomError> =>
    cmdb.statusChoices().andThen((choices) => {
      const retired = retiredChoiceOf(choices);
      return retired === undefined
        ? errAsync(
            decomError.conflict({
              message: 'the CMDB instance has no "Retired" install_status choice (none of its labels means retired)',
              resource: 'install_status',
            }),
          )
        : okAsync(retired);
    });
  const retiredResult = (item: FakeConfigurationItem, retired: StatusChoice) =>
    done({
      ciId: item.id,
      status: retired.label,
      statusValue: retired.value,
      links: [...item.links],
      updatedAt: item.updatedAt ?? null,
    });
  const isRetired = (item: FakeConfigurationItem, retired: StatusChoice, links: readonly string[]) =>
    item.status === retired.value && links.every((link) => item.links.includes(link));
  /** The CI a `cmdb.retire` action names as it is now, with the links to add and the instance's retired choice. */
  const retireState = (
    action: PlannedAction<'cmdb.retire'>,
  ): ResultAsync<{ ciId: string; item: FakeConfigurationItem; links: string[]; retired: StatusChoice }, DecomError> => {
    const input = retireInput(action);
    if (input.isErr()) return errAsync(input.error);
    const { ciId, links } = input.value;
    return retiredChoice().andThen((retired) => cmdb.getItem(ciId).map((item) => ({ ciId, item, links, retired })));
  };
  const retire: ActionHandler<'cmdb.retire'> = {
    execute: (action) =>
      retireState(action).andThen(({ ciId, item, links, retired }) =>
        isRetired(item, retired, links)
          ? okAsync(retiredResult(item, retired))
          : cmdb
              .updateItem(ciId, { status: retired.value, addLinks: links })
              .map((updated) => retiredResult(updated, retired)),
      ),
    reconcile: (action) =>
      retireState(action).map(({ item, links, retired }) =>
        isRetired(item, retired, links) ? retiredResult(item, retired) : { status: 'absent' as const },
      ),
  };
  const reviewResult = (review: FakeScheduledReview) =>
    done({
      review: review.key,
      workloadId: review.workloadId,
      ciId: review.ciId,
      cadenceMonths: review.cadenceMonths,
      firstReviewAt: review.firstReviewAt,
    });
  const schedule: ActionHandler<'review.schedule'> = {
    execute: (action) => {
      const input = reviewInput(action);
      if (input.isErr()) return errAsync(input.error);
      return cmdb
        .findReview(action.key)
        .andThen((existing) => (existing === null ? cmdb.scheduleReview(input.value) : okAsync(existing)))
        .map(reviewResult);
    },
    reconcile: (action) =>
      cmdb
        .findReview(action.key)
        .map((review) => (review === null ? { status: 'absent' as const } : reviewResult(review))),
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'cmdb.retire': retire, 'review.schedule': schedule },
    getItem: (id) =>
      retiredChoice().andThen((retired) =>
        cmdb
          .getItem(id)
          .map((item) => ({
            id: item.id,
            name: item.name,
            status: item.status,
            retired: item.status === retired.value,
            links: [...item.links],
          }))
          .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      ),
    findByCloudIds: (cloudIds) =>
      retiredChoice().andThen((retired) =>
        cmdb.findByCloudIds(cloudIds).map((found) =>
          found.map(({ cloudId, item }) => ({
            cloudId,
            id: item.id,
            name: item.name,
            status: item.status,
            retired: item.status === retired.value,
          })),
        ),
      ),
  };
}

function retireInput(action: PlannedAction<'cmdb.retire'>): Result<{ ciId: string; links: string[] }, DecomError> {
  return cmdbRetireInput(action).map(({ ciId, azureCiIds }) => ({ ciId, links: [...azureCiIds] }));
}

function reviewInput(action: PlannedAction<'review.schedule'>): Result<FakeScheduledReview, DecomError> {
  return reviewScheduleInput(action).map((input) => ({ key: action.key, ...input }));
}
