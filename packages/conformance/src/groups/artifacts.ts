import { sha256 } from '@decomkit/provider-kit';
import { assert, okValue } from '../assertions.js';
import type { ConformanceRunner } from '../runner.js';
import { ARTIFACTS_WORLD } from '../standard-world.js';
import { type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { ArtifactsWorld } from '../world-fixtures.js';

/**
 * What {@link artifactsConformance} builds: the `artifacts` port (it needs no oracle: it reads back its own bytes).
 *
 * @example
 * ```ts
 * artifactsConformance({ describe, it }, async (world): Promise<ArtifactsSubject> => build(world));
 * ```
 */
export type ArtifactsSubject = PortSubject<'artifacts', unknown>;

/**
 * The `artifacts` port: what is put is read back byte for byte, with its hash.
 *
 * @example
 * ```ts
 * artifactsConformance({ describe, it }, () => ({ artifacts: myBlobStore(), oracle: {} }));
 * ```
 */
export function artifactsConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<ArtifactsWorld, ArtifactsSubject>,
): void {
  runner.describe('artifacts', () => {
    runner.it('stores and returns bytes with their SHA-256, and null for a missing name', () =>
      withSubject(create, ARTIFACTS_WORLD, async (subject) => {
        const { artifacts } = subject;
        const body = new TextEncoder().encode('{"decommissioned":true}\n');
        const stored = okValue(await artifacts.put('conformance/record.json', body, 'application/json'), 'put');
        assert.equal(stored.sha256, sha256(body));
        assert.equal(stored.size, body.byteLength);
        const read = okValue(await artifacts.get('conformance/record.json'), 'get');
        assert.deepEqual(read === null ? null : [...read], [...body]);
        assert.equal(okValue(await artifacts.get('conformance/missing.json'), 'get missing'), null);
      }),
    );
  });
}
