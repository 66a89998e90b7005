import {
  type Action,
  type ActionHandler,
  type ArtifactsPort,
  type AssessmentPort,
  type DecomError,
  decomError,
  err,
  type JsonObject,
  ok,
  type Result,
  ResultAsync,
  sha256,
} from '@decomkit/core';
import type { FakeWellArchitectedAnswer } from '../services/services-state.js';
import type { FakeWellArchitected } from '../source/well-architected.js';
import { done } from './resource-kind.js';

/** The milestone an export creates: named after its action key (Well-Architected allows 100 characters). */
export function exportMilestoneName(actionKey: string): string {
  return `decomkit ${sha256(actionKey).slice(0, 16)}`;
}

/** Where an export writes a lens's answers and report. */
export function assessmentArtifactNames(workloadId: string, lens: string): { answers: string; report: string } {
  const prefix = `decomkit/${workloadId}/well-architected/${lens}`;
  return { answers: `${prefix}-answers.json`, report: `${prefix}-report.pdf` };
}

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
  const exportAll: ActionHandler = {
    rateLimits: () => [{ service: 'wellarchitected', bucket: 'default', accountId: '', region: '' }],
    execute: (action, context) =>
      new ResultAsync(exportWorkload(tool, action, context.ports.artifacts, context.idempotencyToken)),
    reconcile: (action, context) => new ResultAsync(findExport(tool, action, context.ports.artifacts)),
  };
  return {
    handlers: { 'assessment.export': exportAll },
    findWorkload: (name) =>
      tool.listWorkloads(name).map((found) => {
        const workload = found.find((candidate) => candidate.name === name);
        return workload === undefined ? null : { id: workload.id, name: workload.name, lenses: [...workload.lenses] };
      }),
  };
}

interface ExportInput {
  readonly workloadId: string;
  readonly lenses: readonly string[] | null;
  readonly artifacts: ArtifactsPort;
}

function inputOf(action: Action, artifacts: ArtifactsPort | undefined): Result<ExportInput, DecomError> {
  const { workloadId, lenses } = action.params;
  if (typeof workloadId !== 'string' || workloadId === '')
    return err(
      decomError.invalidInput(`${action.key}: assessment.export needs params.workloadId`, [
        { path: 'params.workloadId', message: 'required' },
      ]),
    );
  if (
    lenses !== undefined &&
    lenses !== null &&
    !(Array.isArray(lenses) && lenses.every((lens) => typeof lens === 'string'))
  )
    return err(
      decomError.invalidInput(`${action.key}: params.lenses must be a list of lens aliases`, [
        { path: 'params.lenses', message: 'not a list of strings' },
      ]),
    );
  if (artifacts === undefined)
    return err(
      decomError.invalidInput(`${action.key}: assessment.export writes to the artifacts port, which is missing`),
    );
  return ok({ workloadId, lenses: Array.isArray(lenses) ? (lenses as string[]) : null, artifacts });
}

/** The lens aliases to export: the workload's lens reviews, narrowed by `lenses`; an unreviewed lens is NotFound. */
async function lensesToExport(tool: FakeWellArchitected, input: ExportInput): Promise<Result<string[], DecomError>> {
  const workload = await tool.getWorkload(input.workloadId);
  if (workload.isErr()) return err(workload.error);
  const reviews = await tool.listLensReviews(input.workloadId);
  if (reviews.isErr()) return err(reviews.error);
  const reviewed = reviews.value.map((review) => review.lensAlias);
  const wanted = input.lenses ?? reviewed;
  const unknown = wanted.find((lens) => !reviewed.includes(lens));
  return unknown === undefined
    ? ok([...wanted])
    : err(
        decomError.notFound({
          message: `workload ${input.workloadId} has no lens review ${unknown}`,
          resource: `${input.workloadId}/${unknown}`,
        }),
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

async function exportWorkload(
  tool: FakeWellArchitected,
  action: Action,
  artifacts: ArtifactsPort | undefined,
  token: string,
): Promise<Result<ReturnType<typeof done>, DecomError>> {
  const input = inputOf(action, artifacts);
  if (input.isErr()) return err(input.error);
  const lenses = await lensesToExport(tool, input.value);
  if (lenses.isErr()) return err(lenses.error);
  const { workloadId } = input.value;
  const milestones = await tool.listMilestones(workloadId);
  if (milestones.isErr()) return err(milestones.error);
  const name = exportMilestoneName(action.key);
  const existing = milestones.value.find((milestone) => milestone.name === name);
  const milestone =
    existing === undefined ? await tool.createMilestone(workloadId, name, token) : ok({ number: existing.number });
  if (milestone.isErr()) return err(milestone.error);
  const exported: JsonObject[] = [];
  for (const lens of lenses.value) {
    const answers = await allAnswers(tool, workloadId, lens);
    if (answers.isErr()) return err(answers.error);
    const report = await tool.getLensReviewReport(workloadId, lens, milestone.value.number);
    if (report.isErr()) return err(report.error);
    const names = assessmentArtifactNames(workloadId, lens);
    const document = { workloadId, lens, milestone: milestone.value.number, answers: answers.value };
    const answersRef = await input.value.artifacts.put(
      names.answers,
      new TextEncoder().encode(JSON.stringify(document, null, 2)),
      'application/json',
    );
    if (answersRef.isErr()) return err(answersRef.error);
    const reportRef = await input.value.artifacts.put(
      names.report,
      new Uint8Array(Buffer.from(report.value.base64, 'base64')),
      'application/pdf',
    );
    if (reportRef.isErr()) return err(reportRef.error);
    exported.push({
      lens,
      answers: answers.value.length,
      answersArtifact: answersRef.value.name,
      answersSha256: answersRef.value.sha256,
      reportArtifact: reportRef.value.name,
      reportSha256: reportRef.value.sha256,
    });
  }
  return ok(done({ workloadId, milestone: milestone.value.number, milestoneName: name, lenses: exported }));
}

async function findExport(
  tool: FakeWellArchitected,
  action: Action,
  artifacts: ArtifactsPort | undefined,
): Promise<Result<ReturnType<typeof done> | { status: 'absent' }, DecomError>> {
  const input = inputOf(action, artifacts);
  if (input.isErr()) return err(input.error);
  const lenses = await lensesToExport(tool, input.value);
  if (lenses.isErr()) return err(lenses.error);
  const { workloadId } = input.value;
  const milestones = await tool.listMilestones(workloadId);
  if (milestones.isErr()) return err(milestones.error);
  const name = exportMilestoneName(action.key);
  const milestone = milestones.value.find((candidate) => candidate.name === name);
  if (milestone === undefined) return ok({ status: 'absent' });
  const exported: JsonObject[] = [];
  for (const lens of lenses.value) {
    const names = assessmentArtifactNames(workloadId, lens);
    const answers = await input.value.artifacts.get(names.answers);
    if (answers.isErr()) return err(answers.error);
    const report = await input.value.artifacts.get(names.report);
    if (report.isErr()) return err(report.error);
    if (answers.value === null || report.value === null) return ok({ status: 'absent' });
    const document = JSON.parse(new TextDecoder().decode(answers.value)) as { milestone?: number; answers?: unknown[] };
    if (document.milestone !== milestone.number) return ok({ status: 'absent' });
    exported.push({
      lens,
      answers: document.answers?.length ?? 0,
      answersArtifact: names.answers,
      answersSha256: sha256(answers.value),
      reportArtifact: names.report,
      reportSha256: sha256(report.value),
    });
  }
  return ok(done({ workloadId, milestone: milestone.number, milestoneName: name, lenses: exported }));
}
