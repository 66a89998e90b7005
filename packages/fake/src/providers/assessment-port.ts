import {
  type Action,
  type ActionHandler,
  type ArtifactStore,
  type AssessmentPort,
  type DecomError,
  err,
  type JsonObject,
  ok,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import {
  type AssessmentExportInput,
  assessmentExportInput,
  exportMilestoneName,
  lensesToExport,
  PORT_SPECIFICATION_VERSION,
  storedLensExport,
  storeLensExport,
} from '@decomkit/provider-kit';
import type { FakeWellArchitectedAnswer } from '../services/services-state.js';
import type { FakeWellArchitected } from '../source/well-architected.js';
import { done } from './resource-kind.js';

/**
 * Port `assessment` over the fake Well-Architected Tool. `assessment.export`
 * (params `workloadId`, optionally `lenses` to narrow the lens reviews) reads
 * the workload, its lens reviews and every answer (all pages), creates a
 * milestone named after the action key (found again on retry), and writes
 * each lens's answers (JSON) and report (PDF) through the `artifacts` port;
 * its result names the artifacts with their SHA-256 and the milestone number.
 * Reconcile finds the milestone and the artifacts; without both it is absent.
 */
export function fakeAssessmentPort(tool: FakeWellArchitected): AssessmentPort {
  const exportAll: ActionHandler<'assessment.export'> = {
    rateLimits: () => [{ service: 'wellarchitected', bucket: 'default', accountId: '', region: '' }],
    execute: (action, context) =>
      new ResultAsync(exportWorkload(tool, action, context.ports.artifacts, context.idempotencyToken)),
    reconcile: (action, context) => new ResultAsync(findExport(tool, action, context.ports.artifacts)),
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'assessment.export': exportAll },
    findWorkload: (name) =>
      tool.listWorkloads(name).map((found) => {
        const workload = found.find((candidate) => candidate.name === name);
        return workload === undefined ? null : { id: workload.id, name: workload.name, lenses: [...workload.lenses] };
      }),
  };
}

/** The lens aliases to export: the workload's lens reviews, narrowed by the action. */
async function lensesOf(
  tool: FakeWellArchitected,
  input: AssessmentExportInput,
): Promise<Result<string[], DecomError>> {
  const workload = await tool.getWorkload(input.workloadId);
  if (workload.isErr()) return err(workload.error);
  const reviews = await tool.listLensReviews(input.workloadId);
  return reviews.andThen((found) =>
    lensesToExport(
      input,
      found.map((review) => review.lensAlias),
    ),
  );
}

async function allAnswers(
  tool: FakeWellArchitected,
  workloadId: string,
  lens: string,
): Promise<Result<FakeWellArchitectedAnswer[], DecomError>> {
  const all: FakeWellArchitectedAnswer[] = [];
  let token: string | null = null;
  do {
    const page = await tool.listAnswers(workloadId, lens, token);
    if (page.isErr()) return err(page.error);
    all.push(...page.value.answers);
    token = page.value.next;
  } while (token !== null);
  return ok(all);
}

/** Where an export stands: its input, the lenses to export, and its milestone when it was already created. */
async function exportState(tool: FakeWellArchitected, action: Action, artifacts: ArtifactStore | undefined) {
  const input = assessmentExportInput(action, artifacts);
  if (input.isErr()) return err(input.error);
  const lenses = await lensesOf(tool, input.value);
  if (lenses.isErr()) return err(lenses.error);
  const { workloadId } = input.value;
  const milestones = await tool.listMilestones(workloadId);
  if (milestones.isErr()) return err(milestones.error);
  const name = exportMilestoneName(action.key);
  const existing = milestones.value.find((milestone) => milestone.name === name);
  return ok({ input: input.value, lenses: lenses.value, workloadId, name, existing });
}

async function exportWorkload(
  tool: FakeWellArchitected,
  action: Action,
  artifacts: ArtifactStore | undefined,
  token: string,
): Promise<Result<ReturnType<typeof done>, DecomError>> {
  const found = await exportState(tool, action, artifacts);
  if (found.isErr()) return err(found.error);
  const { input, lenses, workloadId, name, existing } = found.value;
  const milestone =
    existing === undefined ? await tool.createMilestone(workloadId, name, token) : ok({ number: existing.number });
  if (milestone.isErr()) return err(milestone.error);
  const exported: JsonObject[] = [];
  for (const lens of lenses) {
    const answers = await allAnswers(tool, workloadId, lens);
    if (answers.isErr()) return err(answers.error);
    const report = await tool.getLensReviewReport(workloadId, lens, milestone.value.number);
    if (report.isErr()) return err(report.error);
    const stored = await storeLensExport(input.artifacts, {
      workloadId,
      lens,
      milestone: milestone.value.number,
      answers: answers.value,
      reportBase64: report.value.base64,
    });
    if (stored.isErr()) return err(stored.error);
    exported.push(stored.value);
  }
  return ok(done({ workloadId, milestone: milestone.value.number, milestoneName: name, lenses: exported }));
}

async function findExport(
  tool: FakeWellArchitected,
  action: Action,
  artifacts: ArtifactStore | undefined,
): Promise<Result<ReturnType<typeof done> | { status: 'absent' }, DecomError>> {
  const found = await exportState(tool, action, artifacts);
  if (found.isErr()) return err(found.error);
  const { input, lenses, workloadId, name, existing: milestone } = found.value;
  if (milestone === undefined) return ok({ status: 'absent' });
  const exported: JsonObject[] = [];
  for (const lens of lenses) {
    const stored = await storedLensExport(input.artifacts, workloadId, lens, milestone.number);
    if (stored.isErr()) return err(stored.error);
    if (stored.value === null) return ok({ status: 'absent' });
    exported.push(stored.value);
  }
  return ok(done({ workloadId, milestone: milestone.number, milestoneName: name, lenses: exported }));
}
