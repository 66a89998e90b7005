import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * A search attribute's name and type: what `defineSearchAttributeKey` from `@temporalio/common` returns (its
 * `SearchAttributeKey`, which that package's entry point does not export), and what `typedSearchAttributes` and
 * `upsertSearchAttributes` take.
 */
export interface DecomkitSearchAttributeKey<T extends SearchAttributeType> {
  /** The attribute's name in the namespace, `DecomkitAccount` for example. */
  readonly name: string;
  /** Its type: `KEYWORD`, `KEYWORD_LIST`, … */
  readonly type: T;
}

/**
 * The custom search attributes decomkit's workflows carry, so that runs can be found with a visibility query
 * (`DecomkitAccount = "123456789012"`, `DecomkitItem = "retire-resources"`). A Temporal namespace must have
 * them registered before a workflow sets them (`temporal operator search-attribute create`, or
 * `temporal server start-dev --search-attribute DecomkitAccount=Keyword …` for a development server).
 *
 * - `account`: the AWS account id the run acts in (`DecomkitAccount`, Keyword);
 * - `workload`: the workload id (`DecomkitWorkload`, Keyword);
 * - `item`: the checklist items the run has open (`DecomkitItem`, KeywordList);
 * - `fleet`: the fleet the run belongs to, when started as part of one (`DecomkitFleet`, Keyword).
 *
 * The keys come from `@temporalio/common` alone, so workflow code may import this file.
 *
 * @example
 * ```ts
 * import { TEMPORAL_SEARCH_ATTRIBUTES } from '@decomkit/temporal';
 *
 * const typedSearchAttributes = [
 *   { key: TEMPORAL_SEARCH_ATTRIBUTES.account, value: '123456789012' },
 *   { key: TEMPORAL_SEARCH_ATTRIBUTES.workload, value: 'billing-api' },
 * ];
 * // client.workflow.start(workflow, { taskQueue, workflowId, args, typedSearchAttributes })
 * ```
 */
export const TEMPORAL_SEARCH_ATTRIBUTES: {
  readonly account: DecomkitSearchAttributeKey<'KEYWORD'>;
  readonly workload: DecomkitSearchAttributeKey<'KEYWORD'>;
  readonly item: DecomkitSearchAttributeKey<'KEYWORD_LIST'>;
  readonly fleet: DecomkitSearchAttributeKey<'KEYWORD'>;
} = {
  account: defineSearchAttributeKey('DecomkitAccount', SearchAttributeType.KEYWORD),
  workload: defineSearchAttributeKey('DecomkitWorkload', SearchAttributeType.KEYWORD),
  item: defineSearchAttributeKey('DecomkitItem', SearchAttributeType.KEYWORD_LIST),
  fleet: defineSearchAttributeKey('DecomkitFleet', SearchAttributeType.KEYWORD),
};
