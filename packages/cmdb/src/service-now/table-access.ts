/** What the Table API does on a table: GET (`read`), POST (`create`), PATCH (`write`). */
export type TableOperation = 'read' | 'create' | 'write';

/** The operations decomkit's calls make on one ServiceNow table: what its ACLs must allow. */
export interface ServiceNowTableAccess {
  /** The table's name (`cmdb_ci`, `cmdb_rel_ci`…). */
  readonly table: string;
  /** Read, create and write, in that order, those made. */
  readonly operations: readonly TableOperation[];
}

/**
 * The union of table accesses, one entry per table, operations in the order
 * read, create, write, tables sorted.
 */
export function mergeTableAccess(accesses: readonly ServiceNowTableAccess[]): ServiceNowTableAccess[] {
  const byTable = new Map<string, Set<TableOperation>>();
  for (const { table, operations } of accesses) {
    const known = byTable.get(table) ?? new Set<TableOperation>();
    for (const operation of operations) known.add(operation);
    byTable.set(table, known);
  }
  const order: readonly TableOperation[] = ['read', 'create', 'write'];
  return [...byTable]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, operations]) => ({ table, operations: order.filter((operation) => operations.has(operation)) }));
}
