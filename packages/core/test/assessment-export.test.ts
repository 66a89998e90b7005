import { type Action, type ArtifactStore, okAsync } from '@decomkit/core';
import {
  assessmentArtifactNames,
  assessmentExportInput,
  lensesToExport,
  PORT_SPECIFICATION_VERSION,
  sha256,
  storedLensExport,
  storeLensExport,
} from '@decomkit/core/provider-kit';
import { describe, expect, it } from 'vitest';

/** An artifact store in a map. */
function mapArtifacts(): ArtifactStore & { readonly stored: Map<string, Uint8Array> } {
  const stored = new Map<string, Uint8Array>();
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    stored,
    put: (name, bytes, contentType) => {
      stored.set(name, bytes);
      return okAsync({ name, uri: `memory://${name}`, sha256: sha256(bytes), size: bytes.length, contentType });
    },
    get: (name) => okAsync(stored.get(name) ?? null),
  };
}

const exportAction = (params: Action['params']): Action => ({
  key: 'export-assessment:assessment.export:payments',
  step: 'export-assessment',
  item: 'backups',
  kind: 'assessment.export',
  target: { ref: 'payments' },
  params,
  gates: [],
  dependsOn: [],
});

describe('assessment.export, shared by every provider', () => {
  it('checks the params and the artifacts port, naming the field', () => {
    const artifacts = mapArtifacts();
    expect(assessmentExportInput(exportAction({}), artifacts)._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('params.workloadId'),
    });
    expect(
      assessmentExportInput(
        exportAction({ workloadId: 'wa-1', lenses: 'wellarchitected' }),
        artifacts,
      )._unsafeUnwrapErr().message,
    ).toContain('params.lenses must be a list');
    expect(assessmentExportInput(exportAction({ workloadId: 'wa-1' }), undefined)._unsafeUnwrapErr().message).toContain(
      'artifacts port, which is missing',
    );
    const input = assessmentExportInput(exportAction({ workloadId: 'wa-1', lenses: ['serverless'] }), artifacts);
    expect(input._unsafeUnwrap()).toMatchObject({ workloadId: 'wa-1', lenses: ['serverless'] });
    expect(lensesToExport(input._unsafeUnwrap(), ['wellarchitected'])._unsafeUnwrapErr()).toMatchObject({
      code: 'NotFound',
      resource: 'wa-1/serverless',
    });
    const every = assessmentExportInput(exportAction({ workloadId: 'wa-1' }), artifacts)._unsafeUnwrap();
    expect(lensesToExport(every, ['wellarchitected', 'serverless'])._unsafeUnwrap()).toEqual([
      'wellarchitected',
      'serverless',
    ]);
  });

  it('stores a lens, finds it again at its milestone, and never takes a torn or older document for it', async () => {
    const artifacts = mapArtifacts();
    const pdf = Buffer.from('%PDF-1.7 report').toString('base64');
    const stored = (
      await storeLensExport(artifacts, {
        workloadId: 'wa-1',
        lens: 'wellarchitected',
        milestone: 3,
        answers: [{ questionId: 'q1' }, { questionId: 'q2' }],
        reportBase64: pdf,
      })
    )._unsafeUnwrap();
    const names = assessmentArtifactNames('wa-1', 'wellarchitected');
    expect(stored).toMatchObject({ lens: 'wellarchitected', answers: 2, answersArtifact: names.answers });
    expect(Buffer.from(artifacts.stored.get(names.report) ?? []).toString()).toBe('%PDF-1.7 report');
    expect((await storedLensExport(artifacts, 'wa-1', 'wellarchitected', 3))._unsafeUnwrap()).toEqual(stored);
    expect((await storedLensExport(artifacts, 'wa-1', 'wellarchitected', 4))._unsafeUnwrap()).toBeNull();

    const whole = artifacts.stored.get(names.answers) ?? new Uint8Array();
    artifacts.stored.set(names.answers, whole.slice(0, whole.length / 2)); // a crash mid-write
    expect((await storedLensExport(artifacts, 'wa-1', 'wellarchitected', 3))._unsafeUnwrap()).toBeNull();
    artifacts.stored.delete(names.report);
    expect((await storedLensExport(artifacts, 'wa-1', 'wellarchitected', 3))._unsafeUnwrap()).toBeNull();
  });
});
