/**
 * The benchmarks' estate on moto: `count` EC2 instances and `databases` RDS DB
 * instances carrying one tag, seeded with unsigned query requests (not
 * measured), and what is left of them afterwards.
 */
import { motoQuery } from './moto-server.js';

/** What to seed: every resource carries `tag`; names of databases start with `namePrefix`. */
export interface MotoEstate {
  readonly region: string;
  readonly instances: number;
  readonly databases: number;
  readonly tag: { readonly key: string; readonly value: string };
  /** Database identifiers are `${namePrefix}-${index}`. */
  readonly namePrefix: string;
}

const RUN_INSTANCES_BATCH = 100;
const SEED_CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time. */
export async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Seeds the estate's instances (RunInstances in batches of 100, moto's root volumes kept) and databases (8 at a time). */
export async function seedEstate(endpoint: string, estate: MotoEstate): Promise<void> {
  const ec2 = { service: 'ec2', region: estate.region } as const;
  const images = await motoQuery(endpoint, ec2, { Action: 'DescribeImages', 'Owner.1': 'amazon' });
  const image = /<imageId>(ami-[0-9a-f]+)<\/imageId>/.exec(images)?.[1];
  if (image === undefined) throw new Error(`moto has no public image in ${estate.region}`);
  const batches = Array.from({ length: Math.ceil(estate.instances / RUN_INSTANCES_BATCH) }, (_, index) =>
    Math.min(RUN_INSTANCES_BATCH, estate.instances - index * RUN_INSTANCES_BATCH),
  );
  await bounded(batches, 2, async (count) => {
    await motoQuery(endpoint, ec2, {
      Action: 'RunInstances',
      ImageId: image,
      InstanceType: 't3.micro',
      MinCount: count,
      MaxCount: count,
      'TagSpecification.1.ResourceType': 'instance',
      'TagSpecification.1.Tag.1.Key': estate.tag.key,
      'TagSpecification.1.Tag.1.Value': estate.tag.value,
    });
  });
  const names = Array.from({ length: estate.databases }, (_, index) => `${estate.namePrefix}-${index}`);
  await bounded(names, SEED_CONCURRENCY, async (name) => {
    await motoQuery(
      endpoint,
      { service: 'rds', region: estate.region },
      {
        Action: 'CreateDBInstance',
        DBInstanceIdentifier: name,
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        AllocatedStorage: 20,
        MasterUsername: 'bench',
        MasterUserPassword: 'not-a-secret-1',
        'Tags.Tag.1.Key': estate.tag.key,
        'Tags.Tag.1.Value': estate.tag.value,
      },
    );
  });
}

/** What is left in moto's region: instances by state, databases by identifier, and DB snapshot identifiers. */
export async function motoLeftovers(
  endpoint: string,
  region: string,
): Promise<{ states: Map<string, number>; databases: string[]; snapshots: string[] }> {
  const states = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await motoQuery(
      endpoint,
      { service: 'ec2', region },
      { Action: 'DescribeInstances', MaxResults: 1000, ...(token === undefined ? {} : { NextToken: token }) },
    );
    for (const match of page.matchAll(/<instanceState>\s*<code>\d+<\/code>\s*<name>([a-z-]+)<\/name>/g)) {
      const state = match[1] ?? 'unknown';
      states.set(state, (states.get(state) ?? 0) + 1);
    }
    token = /<nextToken>([^<]+)<\/nextToken>/.exec(page)?.[1];
  } while (token !== undefined);
  const identifiers = async (action: string, element: string) => {
    const found: string[] = [];
    let marker: string | undefined;
    do {
      const page = await motoQuery(
        endpoint,
        { service: 'rds', region },
        { Action: action, MaxRecords: 100, ...(marker === undefined ? {} : { Marker: marker }) },
      );
      for (const match of page.matchAll(new RegExp(`<${element}>([^<]+)</${element}>`, 'g')))
        found.push(match[1] ?? '');
      marker = /<Marker>([^<]+)<\/Marker>/.exec(page)?.[1];
    } while (marker !== undefined);
    return found;
  };
  return {
    states,
    databases: await identifiers('DescribeDBInstances', 'DBInstanceIdentifier'),
    snapshots: await identifiers('DescribeDBSnapshots', 'DBSnapshotIdentifier'),
  };
}
