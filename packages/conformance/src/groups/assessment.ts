import { sha256 } from '@decomkit/core';
import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, oracleMethod, STANDARD_WORLD, serviceAction } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `assessment` port (Well-Architected): every answer and the lens report land in the artifact store, hashed. */
export function assessmentGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('assessment', () => {
    runner.it('finds the workload by name and exports all its answers and the lens report, with hashes', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const assessment = portOf(subject, 'assessment');
        const fixture = STANDARD_WORLD.wellArchitected;
        assert.ok(fixture);
        assert.equal(okValue(await assessment.findWorkload('no-such-workload'), 'findWorkload missing'), null);
        const workload = okValue(await assessment.findWorkload(fixture.name), 'findWorkload');
        assert.ok(workload !== null && workload.lenses.includes(fixture.lens));
        const exporter = assessment.handlers?.['assessment.export'];
        assert.ok(exporter, 'handler assessment.export');
        const action = serviceAction('assessment.export', workload.id, {
          workloadId: workload.id,
          lenses: [fixture.lens],
        });
        const result = okValue(await exporter.execute(action, handlerContext(subject.providers, action)), 'export');
        assert.equal(result.status, 'done');
        const exported =
          result.status === 'done'
            ? (result.result.lenses as { answersArtifact: string; answersSha256: string; reportArtifact: string }[])
            : [];
        const artifact = oracleMethod(subject.oracle, 'artifact');
        const answers = await artifact(exported[0]?.answersArtifact ?? '');
        assert.ok(answers !== null, 'the answers are in the artifact store');
        assert.equal(sha256(answers), exported[0]?.answersSha256);
        assert.equal(JSON.parse(new TextDecoder().decode(answers)).answers.length, fixture.answers);
        const report = await artifact(exported[0]?.reportArtifact ?? '');
        assert.equal(new TextDecoder().decode(report?.slice(0, 5)), '%PDF-');
      }),
    );
  });
}
