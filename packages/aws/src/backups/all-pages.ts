/**
 * Every item of every page of an AWS SDK paginator, in order.
 *
 * @example
 * ```ts
 * const jobs = await allPages(paginateListBackupJobs({ client }, { ByResourceArn: arn }), (page) => page.BackupJobs);
 * ```
 */
export async function allPages<Page, Item>(
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}
