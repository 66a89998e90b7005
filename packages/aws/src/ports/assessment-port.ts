import {
  type AnswerSummary,
  CreateMilestoneCommand,
  GetLensReviewCommand,
  GetLensReviewReportCommand,
  GetWorkloadCommand,
  paginateListAnswers,
  paginateListLensReviews,
  paginateListMilestones,
  paginateListWorkloads,
  type WellArchitectedClient,
} from '@aws-sdk/client-wellarchitected';
import {
  type Action,
  type ActionHandler,
  type ArtifactStore,
  type AssessmentPort,
  type DecomError,
  decomError,
  err,
  type JsonObject,
  ok,
  type ReconcileOutcome,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import {
  type AssessmentExportInput,
  assessmentExportInput,
  exportMilestoneName,
  handlerDone,
  lensesToExport,
  PORT_SPECIFICATION_VERSION,
  storedLensExport,
  storeLensExport,
} from '@decomkit/provider-kit';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';

/** One answer as the export writes it: the fake's fields, plus what the AWS API adds. */
interface ExportedAnswer extends JsonObject {
  readonly lens: string;
  readonly questionId: string;
  readonly pillar: string;
  readonly risk: string;
  readonly choices: string[];
  readonly title: string;
  readonly applicable: boolean;
}

type Done = ReturnType<typeof handlerDone>;

/**
 * Port `assessment` over AWS Well-Architected, in the `home` region (where the
 * workloads are defined).
 *
 * `findWorkload(name)`: ListWorkloads by `WorkloadNamePrefix` (every page), the
 * exact name only, then GetWorkload for its lenses; null when there is none.
 *
 * `assessment.export` (params `workloadId`, optionally `lenses` to narrow the
 * lens reviews), as the fake's: reads the lens reviews (ListLensReviews, every
 * page; a lens asked for but not reviewed is `NotFound`); creates a milestone
 * named after the action key with `ClientRequestToken` = the action's
 * idempotency token (an existing milestone of that name, found by
 * ListMilestones, is reused; a `ConflictException` on a race is resolved the
 * same way); then per lens GetLensReview (its pillars), ListAnswers for every
 * pillar and every page at that milestone, and GetLensReviewReport at that
 * milestone (base64 PDF, decoded). Each lens's answers (JSON) and report (PDF)
 * go to the `artifacts` port of the handler context; the result names them
 * with their SHA-256 and the milestone number. Reconcile finds the milestone
 * by name and both artifacts of every lens (the answers naming that
 * milestone); without all of them it is absent.
 *
 * @example
 * ```ts
 * const assessment = awsAssessmentPort(new AwsClients(), 'eu-west-1');
 * const workload = await assessment.findWorkload('payments'); // { id, name, lenses } | null
 * ```
 */
export function awsAssessmentPort(clients: AwsClients, home: string): AssessmentPort {
  const client = () => clients.get('wellarchitected', home);
  const exportAll: ActionHandler<'assessment.export'> = {
    rateLimits: (action) => [
      {
        service: 'wellarchitected',
        bucket: 'default',
        accountId: action.target.accountId ?? parseArn(action.target.arn ?? '')?.accountId ?? '',
        region: home,
      },
    ],
    execute: (action, context) =>
      new ResultAsync(
        exportWorkload(client(), action, context.ports.artifacts, context.idempotencyToken, context.signal),
      ),
    reconcile: (action, context) => new ResultAsync(findExport(client(), action, context.ports.artifacts)),
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'assessment.export': exportAll },
    findWorkload: (name) => new ResultAsync(findWorkload(client(), name)),
  };
}

async function findWorkload(
  client: WellArchitectedClient,
  name: string,
): Promise<Result<{ id: string; name: string; lenses: string[] } | null, DecomError>> {
  if (name === '')
    return err(decomError.invalidInput('findWorkload needs a workload name', [{ path: 'name', message: 'required' }]));
  const listed = await awsCall({ operation: 'wellarchitected:ListWorkloads', resource: name }, async () => {
    for await (const page of paginateListWorkloads({ client }, { WorkloadNamePrefix: name })) {
      const found = (page.WorkloadSummaries ?? []).find((summary) => summary.WorkloadName === name);
      if (found?.WorkloadId !== undefined) return found.WorkloadId;
    }
    return null;
  });
  if (listed.isErr()) return err(listed.error);
  if (listed.value === null) return ok(null);
  const workloadId = listed.value;
  const got = await awsCall({ operation: 'wellarchitected:GetWorkload', resource: workloadId }, () =>
    client.send(new GetWorkloadCommand({ WorkloadId: workloadId })),
  );
  if (got.isErr()) return err(got.error);
  return ok({ id: workloadId, name, lenses: [...(got.value.Workload?.Lenses ?? [])] });
}

/** The lens aliases to export: the workload's lens reviews (ListLensReviews, every page), narrowed by the action. */
async function lensesOf(
  client: WellArchitectedClient,
  input: AssessmentExportInput,
): Promise<Result<string[], DecomError>> {
  const { workloadId } = input;
  const reviews = await awsCall({ operation: 'wellarchitected:ListLensReviews', resource: workloadId }, async () => {
    const aliases: string[] = [];
    for await (const page of paginateListLensReviews({ client }, { WorkloadId: workloadId })) {
      for (const review of page.LensReviewSummaries ?? []) if (review.LensAlias) aliases.push(review.LensAlias);
    }
    return aliases;
  });
  return reviews.andThen((reviewed) => lensesToExport(input, reviewed));
}

/** The milestone named `name` on the workload (ListMilestones, every page), or null. */
function milestoneNamed(
  client: WellArchitectedClient,
  workloadId: string,
  name: string,
): ResultAsync<number | null, DecomError> {
  return awsCall({ operation: 'wellarchitected:ListMilestones', resource: workloadId }, async () => {
    for await (const page of paginateListMilestones({ client }, { WorkloadId: workloadId })) {
      const found = (page.MilestoneSummaries ?? []).find((summary) => summary.MilestoneName === name);
      if (found?.MilestoneNumber !== undefined) return found.MilestoneNumber;
    }
    return null;
  });
}

/**
 * The export's milestone: the one already named after the action key, or a new
 * one (ClientRequestToken = the idempotency token, so an SDK retry or a resume
 * never makes two). A `ConflictException` means the name was taken meanwhile:
 * the milestone of that name is ours (the name derives from the action key).
 */
async function ensureMilestone(
  client: WellArchitectedClient,
  workloadId: string,
  name: string,
  token: string,
  signal: AbortSignal,
): Promise<Result<number, DecomError>> {
  const existing = await milestoneNamed(client, workloadId, name);
  if (existing.isErr()) return err(existing.error);
  if (existing.value !== null) return ok(existing.value);
  const created = await awsCall(
    { operation: 'wellarchitected:CreateMilestone', resource: workloadId, signal },
    (options) =>
      client.send(
        new CreateMilestoneCommand({ WorkloadId: workloadId, MilestoneName: name, ClientRequestToken: token }),
        options,
      ),
  );
  if (created.isOk()) {
    const number = created.value.MilestoneNumber;
    return number === undefined
      ? err(
          decomError.providerFailure({
            message: `CreateMilestone on ${workloadId} returned no MilestoneNumber`,
            retryable: true,
            resource: workloadId,
          }),
        )
      : ok(number);
  }
  if (created.error.code !== 'Conflict') return err(created.error);
  const raced = await milestoneNamed(client, workloadId, name);
  if (raced.isErr()) return err(raced.error);
  return raced.value === null ? err(created.error) : ok(raced.value);
}

/** The pillars of a lens review at the milestone (GetLensReview); empty when the lens names none. */
function pillarsOf(
  client: WellArchitectedClient,
  workloadId: string,
  lens: string,
  milestone: number,
): ResultAsync<string[], DecomError> {
  return awsCall({ operation: 'wellarchitected:GetLensReview', resource: `${workloadId}/${lens}` }, () =>
    client.send(new GetLensReviewCommand({ WorkloadId: workloadId, LensAlias: lens, MilestoneNumber: milestone })),
  ).map((review) =>
    (review.LensReview?.PillarReviewSummaries ?? []).flatMap((pillar) =>
      pillar.PillarId === undefined ? [] : [pillar.PillarId],
    ),
  );
}

function exported(lens: string, answer: AnswerSummary): ExportedAnswer {
  return {
    lens,
    questionId: answer.QuestionId ?? '',
    pillar: answer.PillarId ?? '',
    risk: answer.Risk ?? 'UNANSWERED',
    choices: [...(answer.SelectedChoices ?? [])],
    title: answer.QuestionTitle ?? '',
    applicable: answer.IsApplicable ?? true,
  };
}

/** Every answer of the lens at the milestone: ListAnswers per pillar (all pages); one unfiltered pass without pillars. */
function allAnswers(
  client: WellArchitectedClient,
  workloadId: string,
  lens: string,
  milestone: number,
  pillars: readonly string[],
): ResultAsync<ExportedAnswer[], DecomError> {
  return awsCall({ operation: 'wellarchitected:ListAnswers', resource: `${workloadId}/${lens}` }, async () => {
    const answers: ExportedAnswer[] = [];
    const filters: readonly (string | undefined)[] = pillars.length === 0 ? [undefined] : pillars;
    for (const pillar of filters) {
      const pages = paginateListAnswers(
        { client, pageSize: 50 },
        {
          WorkloadId: workloadId,
          LensAlias: lens,
          MilestoneNumber: milestone,
          ...(pillar === undefined ? {} : { PillarId: pillar }),
        },
      );
      for await (const page of pages) {
        for (const answer of page.AnswerSummaries ?? []) answers.push(exported(lens, answer));
      }
    }
    return answers;
  });
}

/** What an export action covers: its workload and artifact store, the lenses to export, the milestone name its key gives. */
async function exportScope(
  client: WellArchitectedClient,
  action: Action,
  artifacts: ArtifactStore | undefined,
): Promise<
  Result<
    { workloadId: string; artifacts: AssessmentExportInput['artifacts']; lenses: string[]; name: string },
    DecomError
  >
> {
  const input = assessmentExportInput(action, artifacts);
  if (input.isErr()) return err(input.error);
  const lenses = await lensesOf(client, input.value);
  if (lenses.isErr()) return err(lenses.error);
  const { workloadId } = input.value;
  return ok({
    workloadId,
    artifacts: input.value.artifacts,
    lenses: lenses.value,
    name: exportMilestoneName(action.key),
  });
}

async function exportWorkload(
  client: WellArchitectedClient,
  action: Action,
  artifacts: ArtifactStore | undefined,
  token: string,
  signal: AbortSignal,
): Promise<Result<Done, DecomError>> {
  const scope = await exportScope(client, action, artifacts);
  if (scope.isErr()) return err(scope.error);
  const { workloadId, lenses, name } = scope.value;
  const milestone = await ensureMilestone(client, workloadId, name, token, signal);
  if (milestone.isErr()) return err(milestone.error);
  const lensResults: JsonObject[] = [];
  for (const lens of lenses) {
    const pillars = await pillarsOf(client, workloadId, lens, milestone.value);
    if (pillars.isErr()) return err(pillars.error);
    const answers = await allAnswers(client, workloadId, lens, milestone.value, pillars.value);
    if (answers.isErr()) return err(answers.error);
    const report = await awsCall(
      { operation: 'wellarchitected:GetLensReviewReport', resource: `${workloadId}/${lens}` },
      () =>
        client.send(
          new GetLensReviewReportCommand({ WorkloadId: workloadId, LensAlias: lens, MilestoneNumber: milestone.value }),
        ),
    );
    if (report.isErr()) return err(report.error);
    const base64 = report.value.LensReviewReport?.Base64String;
    if (base64 === undefined || base64 === '')
      return err(
        decomError.providerFailure({
          message: `GetLensReviewReport on ${workloadId}/${lens} returned no report`,
          retryable: true,
          resource: `${workloadId}/${lens}`,
        }),
      );
    const stored = await storeLensExport(scope.value.artifacts, {
      workloadId,
      lens,
      milestone: milestone.value,
      answers: answers.value,
      reportBase64: base64,
    });
    if (stored.isErr()) return err(stored.error);
    lensResults.push(stored.value);
  }
  return ok(handlerDone({ workloadId, milestone: milestone.value, milestoneName: name, lenses: lensResults }));
}

async function findExport(
  client: WellArchitectedClient,
  action: Action,
  artifacts: ArtifactStore | undefined,
): Promise<Result<ReconcileOutcome, DecomError>> {
  const scope = await exportScope(client, action, artifacts);
  if (scope.isErr()) return err(scope.error);
  const { workloadId, lenses, name } = scope.value;
  const milestone = await milestoneNamed(client, workloadId, name);
  if (milestone.isErr()) return err(milestone.error);
  if (milestone.value === null) return ok({ status: 'absent' });
  const lensResults: JsonObject[] = [];
  for (const lens of lenses) {
    const stored = await storedLensExport(scope.value.artifacts, workloadId, lens, milestone.value);
    if (stored.isErr()) return err(stored.error);
    if (stored.value === null) return ok({ status: 'absent' });
    lensResults.push(stored.value);
  }
  return ok(handlerDone({ workloadId, milestone: milestone.value, milestoneName: name, lenses: lensResults }));
}

/** The IAM actions of this port's reads. */
export const ASSESSMENT_READS: readonly string[] = [
  'wellarchitected:GetWorkload',
  'wellarchitected:ListWorkloads',
  'wellarchitected:ListLensReviews',
  'wellarchitected:GetLensReview',
  'wellarchitected:GetLensReviewReport',
  'wellarchitected:ListAnswers',
  'wellarchitected:ListMilestones',
];

/** The IAM action of `assessment.export`, on the workload's ARN (the milestone it records). */
export const ASSESSMENT_EXPORT_ACTIONS: readonly string[] = ['wellarchitected:CreateMilestone'];
