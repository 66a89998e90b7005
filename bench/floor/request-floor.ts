/**
 * The request floor: the fewest AWS requests that ANY tool must send to retire
 * an estate of EC2 instances and RDS DB instances safely, defined from the
 * APIs alone (issue 14, item 2), not from decomkit's design:
 *
 * - confirm the account before the first change (one GetCallerIdentity);
 * - find the estate: DescribeInstances with a tag filter, 1,000 a page;
 *   DescribeDBInstances, 100 a page (its answer carries each database's tags);
 * - stop, then terminate, the instances: one StopInstances and one
 *   TerminateInstances per 1,000 ids;
 * - stop each database, then delete it with its final snapshot (the RDS API
 *   has no batch form: one call per database per operation);
 * - wait, with one describe per poll round for every pending resource of a
 *   kind: the instances stopped, the instances terminated (DescribeInstances,
 *   1,000 a page), the databases stopped and gone (DescribeDBInstances, 100 a
 *   page), the final snapshots available (DescribeDBSnapshots, 100 a page).
 *
 * On moto every change is complete when its call returns, so each wait takes
 * exactly one round; on AWS each takes as many rounds as the resources need,
 * and a tool's waits are then counted per round. Anything decomkit reads
 * beyond this (discovery again at apply, the re-read before each action, the
 * tagging API, protection attributes, attached volumes) is its own cost, to be
 * held within the 1.2×.
 *
 * `bench/floor/batching-floor-script.ts` sends exactly these requests with the
 * AWS SDK, and its test (bench/test/batching-floor-script.test.ts) holds it to
 * this table on moto.
 */

/** An estate to retire: instances and databases, all in one account and region. */
export interface FloorEstate {
  readonly instances: number;
  readonly databases: number;
}

/** Requests of one API action in the floor, and why. */
export interface FloorEntry {
  readonly count: number;
  readonly why: string;
}

/** EC2's largest DescribeInstances page, and the most instance ids one Stop/TerminateInstances takes. */
export const EC2_INSTANCES_PER_CALL = 1_000;
/** RDS's largest DescribeDBInstances / DescribeDBSnapshots page. */
export const RDS_RECORDS_PER_PAGE = 100;

const pagesOf = (count: number, pageSize: number) => Math.ceil(count / pageSize);

/**
 * The floor, per `service:Action`, for `estate`, with one poll round per wait
 * (as on moto).
 *
 * @example
 * ```ts
 * floorRequests({ instances: 1_000, databases: 100 }).get('rds:DeleteDBInstance'); // { count: 100, why: … }
 * ```
 */
export function floorRequests(estate: FloorEstate): ReadonlyMap<string, FloorEntry> {
  const instanceCalls = pagesOf(estate.instances, EC2_INSTANCES_PER_CALL);
  const databasePages = pagesOf(estate.databases, RDS_RECORDS_PER_PAGE);
  return new Map<string, FloorEntry>([
    ['sts:GetCallerIdentity', { count: 1, why: 'the account, once, before the first change' }],
    [
      'ec2:DescribeInstances',
      { count: 3 * instanceCalls, why: '1,000 a page × (find + one round for stopped + one for terminated)' },
    ],
    ['ec2:StopInstances', { count: instanceCalls, why: '1,000 ids a call' }],
    ['ec2:TerminateInstances', { count: instanceCalls, why: '1,000 ids a call' }],
    [
      'rds:DescribeDBInstances',
      { count: 3 * databasePages, why: '100 a page × (find + one round for stopped + one for gone)' },
    ],
    ['rds:StopDBInstance', { count: estate.databases, why: 'one a database (no batch form)' }],
    ['rds:DeleteDBInstance', { count: estate.databases, why: 'one a database, with its final snapshot' }],
    ['rds:DescribeDBSnapshots', { count: databasePages, why: '100 a page: one round for the final snapshots' }],
  ]);
}

/** The floor's total over every action. */
export function floorTotal(floor: ReadonlyMap<string, FloorEntry>): number {
  let total = 0;
  for (const entry of floor.values()) total += entry.count;
  return total;
}
