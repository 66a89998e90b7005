import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The search attributes decomkit sets on run workflows: the fleet, the AWS
 * account and the workload at start, the checklist items still open as the
 * run goes. Register them on your namespace once (`temporal operator
 * search-attribute create --name DecomkitAccount --type Keyword`, … or
 * `temporal server start-dev --search-attribute DecomkitAccount=Keyword …`).
 *
 * @example
 * ```ts
 * const query = `${DECOMKIT_SEARCH_ATTRIBUTES.account.name} = '111122223333'`;
 * for await (const run of client.workflow.list({ query })) console.log(run.workflowId);
 * ```
 */
export const DECOMKIT_SEARCH_ATTRIBUTES = {
  fleet: defineSearchAttributeKey('DecomkitFleet', SearchAttributeType.KEYWORD),
  account: defineSearchAttributeKey('DecomkitAccount', SearchAttributeType.KEYWORD),
  workload: defineSearchAttributeKey('DecomkitWorkload', SearchAttributeType.KEYWORD),
  item: defineSearchAttributeKey('DecomkitItem', SearchAttributeType.KEYWORD_LIST),
} as const;
