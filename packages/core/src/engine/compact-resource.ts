import type { Resource } from '../model/resource.js';
import { tagRecordOf } from '../model/tags.js';

/**
 * Keeps an inventory small: the strings, tag sets and protection flags that
 * thousands of resources share are held once. Resources are frozen, so
 * sharing is safe (plans are frozen documents anyway).
 */
export class ResourceCompactor {
  private readonly strings = new Map<string, string>();
  private readonly tagSets = new Map<string, Readonly<Record<string, string>>>();
  private readonly protections = new Map<string, Resource['protection']>();
  private static readonly NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

  compact(resource: Resource): Resource {
    const compacted: Resource = {
      arn: resource.arn,
      type: this.string(resource.type),
      accountId: this.string(resource.accountId),
      region: this.string(resource.region),
      ...(resource.name === undefined ? {} : { name: resource.name }),
      tags: resource.tags === null ? null : this.tags(resource.tags),
      state: this.string(resource.state),
      protection: this.protection(resource.protection),
      dependsOn:
        resource.dependsOn.length === 0 ? ResourceCompactor.NO_DEPENDENCIES : Object.freeze([...resource.dependsOn]),
      ...(resource.resourceIdentity === undefined ? {} : { resourceIdentity: resource.resourceIdentity }),
      ...(resource.retireBlockers === undefined || resource.retireBlockers.length === 0
        ? {}
        : { retireBlockers: Object.freeze(resource.retireBlockers.map(({ code, message }) => ({ code, message }))) }),
      ...(resource.stackResources === undefined
        ? {}
        : {
            stackResources: Object.freeze(
              resource.stackResources.map(({ arn, logicalId, retained }) =>
                Object.freeze({ arn, logicalId, retained }),
              ),
            ),
          }),
      ...(resource.retiredOnlyWith === undefined || resource.retiredOnlyWith.length === 0
        ? {}
        : { retiredOnlyWith: Object.freeze([...resource.retiredOnlyWith]) }),
    };
    return Object.freeze(compacted);
  }

  private string(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private tags(tags: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    const key = JSON.stringify(Object.entries(tags));
    const known = this.tagSets.get(key);
    if (known !== undefined) return known;
    // Null prototype: a `__proto__` or `constructor` tag stays an ordinary own key.
    const copy = Object.freeze(
      tagRecordOf(Object.entries(tags).map(([name, value]) => [this.string(name), this.string(value)] as const)),
    );
    this.tagSets.set(key, copy);
    return copy;
  }

  private protection(protection: Resource['protection']): Resource['protection'] {
    const key = `${protection.deletion}|${protection.stop}`;
    const known = this.protections.get(key);
    if (known !== undefined) return known;
    const copy = Object.freeze({ deletion: protection.deletion, stop: protection.stop });
    this.protections.set(key, copy);
    return copy;
  }
}
