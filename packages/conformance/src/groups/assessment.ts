import { sha256 } from '@decomkit/provider-kit';
import { assert, okValue } from '../assertions.js';
import { serviceAction } from '../fixtures.js';
import type { ArtifactOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { ASSESSMENT_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { AssessmentWorld } from '../world-fixtures.js';

/**
 * What {@link assessmentConformance} builds: the `assessment` port, and the
 * `artifacts` store its export writes to (handlers find it in `context.ports`).
 *
 * @example
 * ```ts
 * assessmentConformance({ describe, it }, async (world): Promise<AssessmentSubject> => build(world));
 * ```
 */
export type AssessmentSubject = PortSubject<'assessment', ArtifactOracle>;

/**
 * The `assessment` port (Well-Architected): every answer and the lens report
 * land in the artifact store, hashed.
 *
 * @example
 * ```ts
 * assessmentConformance({ describe, it }, (world) => {
 *   const store = memoryArtifacts();
 *   return { assessment: myAssessment(world.wellArchitected), artifacts: store, oracle: { artifact: store.read } };
 * });
 * ```
 */
export function assessmentConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<AssessmentWorld, AssessmentSubject>,
): void {
  runner.describe('assessment', () => {
    runner.it('finds the workload by name and exports all its answers and the lens report, with hashes', () =>
      withSubject(create, ASSESSMENT_WORLD, async (subject) => {
        const { assessment } = subject;
        const fixture = ASSESSMENT_WORLD.wellArchitected;
        assert.equal(okValue(await assessment.findWorkload('no-such-workload'), 'findWorkload missing'), null);
        const workload = okValue(await assessment.findWorkload(fixture.name), 'findWorkload');
        assert.ok(workload !== null, `findWorkload ${fixture.name}`);
        assert.ok(workload.lenses.includes(fixture.lens));
        const exporter = assessment.handlers?.['assessment.export'];
        assert.ok(exporter, 'handler assessment.export');
        const action = serviceAction('assessment.export', workload.id, {
          workloadId: workload.id,
          lenses: [fixture.lens],
        });
        const result = okValue(await exporter.execute(action, contextOf(subject, action)), 'export');
        assert.equal(result.status, 'done');
        const exported =
          result.status === 'done'
            ? (result.result.lenses as { answersArtifact: string; answersSha256: string; reportArtifact: string }[])
            : [];
        const answers = await subject.oracle.artifact(exported[0]?.answersArtifact ?? '');
        assert.ok(answers !== null, 'the answers are in the artifact store');
        assert.equal(sha256(answers), exported[0]?.answersSha256);
        assert.equal(JSON.parse(new TextDecoder().decode(answers)).answers.length, fixture.answers);
        const report = await subject.oracle.artifact(exported[0]?.reportArtifact ?? '');
        assert.equal(new TextDecoder().decode(report?.slice(0, 5)), '%PDF-');
      }),
    );
  });
}
