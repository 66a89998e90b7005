import type { AwsClients } from '@decomkit/aws';
import type { ResourceFixture, ResourceFixtureState } from '@decomkit/conformance';

/** A fixture seeded in moto: the id the service gave it, and its ARN. */
export interface SeededFixture {
  readonly id: string;
  readonly arn: string;
  /** The name the service gave it, where it picks the name too (a mapping's UUID). Absent: the fixture's. */
  readonly name?: string;
}

/** How one infrastructure type is seeded in moto and read back, both with the SDK (never through the provider). */
export interface MotoFixtureType {
  seed(clients: AwsClients, region: string, fixture: ResourceFixture): Promise<SeededFixture>;
  /** The resource as the service has it; null once it is gone. */
  read(clients: AwsClients, region: string, id: string): Promise<ResourceFixtureState | null>;
}

/** `tags` as the SDK's tag list. */
export const tagList = (tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** `read`, or null when the service answers that the resource does not exist (an error named in `notFound`). */
export async function orGone<T>(notFound: readonly string[], read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    const name = (error as { name?: string; Code?: string }).name ?? '';
    if (notFound.includes(name)) return null;
    throw error;
  }
}

/** A state read for a type with no deletion protection. */
export const unprotected = (state: string): ResourceFixtureState => ({ state, deletionProtection: false });
