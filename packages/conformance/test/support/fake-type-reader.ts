import type { FakeCloud } from '@decomkit/fake';

/** A record of the fake's state as the oracle reads it: found by its `Name` tag, else its name. */
export interface FakeRecord {
  readonly arn: string;
  readonly name: string | null;
  readonly tags: Record<string, string>;
}

/** How the oracle reads one type from the fake's state: its live records, their state word, protection, and the name the service gave them. */
export interface FakeTypeReader {
  records(cloud: FakeCloud): readonly FakeRecord[];
  state(record: never): string;
  deletionProtection?(record: never): boolean;
  /** The name the service gave the resource (a distribution's id, a mapping's UUID). Absent: the fixture's. */
  serviceName?(record: never): string;
}

/** A reader of one type: its records, their state word, and (where the type has them) protection and a service-given name. */
export function reader<Record extends FakeRecord>(
  records: (cloud: FakeCloud) => readonly Record[],
  state: (record: Record) => string,
  extra: {
    readonly deletionProtection?: (record: Record) => boolean;
    readonly serviceName?: (record: Record) => string;
  } = {},
): FakeTypeReader {
  return { records, state, ...extra } as FakeTypeReader;
}
