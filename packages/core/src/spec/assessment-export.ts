import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import { sha256 } from '../util/hash.js';
import type { JsonObject } from '../util/json.js';
import type { ArtifactStore } from './artifacts.js';

/**
 * What every `assessment.export` handler shares, whatever reads the
 * Well-Architected Tool (the AWS SDK, the fake): the action's params, which
 * lens reviews are exported, the milestone's name, and the artifacts written
 * and found again. One definition, so an export behaves alike on every provider
 * and a resume on one finds what the other wrote.
 */

/** The milestone an export creates: named after its action key (Well-Architected allows 100 characters). */
export function exportMilestoneName(actionKey: string): string {
  return `decomkit ${sha256(actionKey).slice(0, 16)}`;
}

/** Where an export writes a lens's answers and report. */
export function assessmentArtifactNames(workloadId: string, lens: string): { answers: string; report: string } {
  const prefix = `decomkit/${workloadId}/well-architected/${lens}`;
  return { answers: `${prefix}-answers.json`, report: `${prefix}-report.pdf` };
}

/** An `assessment.export` action's params, checked, with the artifact store it writes to. */
export interface AssessmentExportInput {
  readonly workloadId: string;
  /** The lens aliases asked for; null for every reviewed lens. */
  readonly lenses: readonly string[] | null;
  readonly artifacts: ArtifactStore;
}

/**
 * Checks an `assessment.export` action: `params.workloadId` (required),
 * `params.lenses` (a list of lens aliases, optional) and an artifacts port to
 * write to; InvalidInput naming the field otherwise.
 *
 * @example
 * ```ts
 * const input = assessmentExportInput(action, context.ports.artifacts);
 * if (input.isErr()) return errAsync(input.error);
 * ```
 */
export function assessmentExportInput(
  action: Action,
  artifacts: ArtifactStore | undefined,
): Result<AssessmentExportInput, DecomError> {
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

/** The lenses to export: the ones asked for, else every reviewed one; a lens without a review is NotFound. */
export function lensesToExport(
  input: AssessmentExportInput,
  reviewed: readonly string[],
): Result<string[], DecomError> {
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

/** One lens exported at a milestone: its answers (as the provider reads them) and the report PDF. */
export interface LensExport {
  readonly workloadId: string;
  readonly lens: string;
  readonly milestone: number;
  readonly answers: readonly unknown[];
  /** The lens review report PDF, base64 (as GetLensReviewReport returns it). */
  readonly reportBase64: string;
}

/**
 * Writes a lens's export: the answers as a JSON document (workload, lens,
 * milestone, answers) and the decoded PDF. Returns the lens's result, with
 * each artifact's name and sha256.
 */
export async function storeLensExport(
  artifacts: ArtifactStore,
  lensExport: LensExport,
): Promise<Result<JsonObject, DecomError>> {
  const { workloadId, lens, milestone, answers } = lensExport;
  const names = assessmentArtifactNames(workloadId, lens);
  const document = { workloadId, lens, milestone, answers };
  const answersRef = await artifacts.put(
    names.answers,
    new TextEncoder().encode(JSON.stringify(document, null, 2)),
    'application/json',
  );
  if (answersRef.isErr()) return err(answersRef.error);
  const reportRef = await artifacts.put(
    names.report,
    new Uint8Array(Buffer.from(lensExport.reportBase64, 'base64')),
    'application/pdf',
  );
  if (reportRef.isErr()) return err(reportRef.error);
  return ok({
    lens,
    answers: answers.length,
    answersArtifact: answersRef.value.name,
    answersSha256: answersRef.value.sha256,
    reportArtifact: reportRef.value.name,
    reportSha256: reportRef.value.sha256,
  });
}

/**
 * A lens's export as an earlier attempt stored it at `milestone` (reconcile
 * after a crash): the same result {@link storeLensExport} gives, or null when
 * either artifact is missing, is not a whole answers document, or is of
 * another milestone (then the export is done again).
 */
export async function storedLensExport(
  artifacts: ArtifactStore,
  workloadId: string,
  lens: string,
  milestone: number,
): Promise<Result<JsonObject | null, DecomError>> {
  const names = assessmentArtifactNames(workloadId, lens);
  const answers = await artifacts.get(names.answers);
  if (answers.isErr()) return err(answers.error);
  const report = await artifacts.get(names.report);
  if (report.isErr()) return err(report.error);
  if (answers.value === null || report.value === null) return ok(null);
  const document = parseDocument(answers.value);
  if (document === null || document.milestone !== milestone) return ok(null);
  return ok({
    lens,
    answers: document.answers,
    answersArtifact: names.answers,
    answersSha256: sha256(answers.value),
    reportArtifact: names.report,
    reportSha256: sha256(report.value),
  });
}

/** The milestone and answer count of a stored answers document; null when it is not one (a half-written file). */
function parseDocument(bytes: Uint8Array): { milestone: unknown; answers: number } | null {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { milestone?: unknown; answers?: unknown };
    return { milestone: parsed.milestone, answers: Array.isArray(parsed.answers) ? parsed.answers.length : 0 };
  } catch {
    return null;
  }
}
