import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import { minimalPdf } from '../services/minimal-pdf.js';
import type { FakeWellArchitectedAnswer, FakeWellArchitectedWorkload } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';
import { awsError, pageOf } from './aws-errors.js';

/** ListAnswers' default page size in the fake (AWS allows up to 50). */
const ANSWERS_PAGE = 10;
const MAX_ANSWERS_PAGE = 50;

/** A workload as GetWorkload / ListWorkloads describe it. */
export interface WellArchitectedWorkloadSummary {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly lenses: readonly string[];
}

/** A lens review summary: its risk counts from the answers. */
export interface LensReviewSummary {
  readonly lensAlias: string;
  readonly lensStatus: 'CURRENT';
  readonly riskCounts: Readonly<Record<string, number>>;
}

/**
 * The fake AWS Well-Architected Tool: workloads, lens reviews, paginated
 * answers, milestones (idempotent by ClientRequestToken; a name taken by
 * another request is `ConflictException`) and the lens review report PDF.
 */
export class FakeWellArchitected {
  constructor(private readonly world: FakeWorld) {}

  /** ListWorkloads by `WorkloadNamePrefix`. */
  listWorkloads(namePrefix: string): ResultAsync<WellArchitectedWorkloadSummary[], DecomError> {
    return this.world.call('wellarchitected', 'ListWorkloads', false, namePrefix, () =>
      ok(
        this.world.state.services.wellArchitected
          .filter((workload) => workload.name.startsWith(namePrefix))
          .map((workload) => this.summary(workload)),
      ),
    );
  }

  /** GetWorkload. */
  getWorkload(workloadId: string): ResultAsync<WellArchitectedWorkloadSummary, DecomError> {
    return this.world.call('wellarchitected', 'GetWorkload', false, workloadId, () => {
      const workload = this.find(workloadId);
      return workload === undefined ? err(this.missing(workloadId)) : ok(this.summary(workload));
    });
  }

  /** ListLensReviews: one summary per lens applied to the workload. */
  listLensReviews(workloadId: string): ResultAsync<LensReviewSummary[], DecomError> {
    return this.world.call('wellarchitected', 'ListLensReviews', false, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      return ok(
        workload.lenses.map((lens) => ({
          lensAlias: lens,
          lensStatus: 'CURRENT' as const,
          riskCounts: riskCounts(workload, lens),
        })),
      );
    });
  }

  /** One page of ListAnswers; `token` continues; `maxResults` 1–50 (default 10). */
  listAnswers(
    workloadId: string,
    lens: string,
    token: string | null,
    maxResults = ANSWERS_PAGE,
  ): ResultAsync<{ answers: FakeWellArchitectedAnswer[]; next: string | null }, DecomError> {
    return this.world.call('wellarchitected', 'ListAnswers', false, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      if (!workload.lenses.includes(lens)) return err(this.missingLens(workloadId, lens));
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_ANSWERS_PAGE)
        return err(
          awsError.invalid(
            'ValidationException',
            `MaxResults ${maxResults} must be 1–${MAX_ANSWERS_PAGE}`,
            'MaxResults',
          ),
        );
      const page = pageOf(
        workload.answers.filter((answer) => answer.lens === lens),
        token,
        maxResults,
      );
      if (page === null) return err(awsError.invalid('ValidationException', `invalid NextToken ${token}`, 'NextToken'));
      return ok({ answers: structuredClone(page.page), next: page.next });
    });
  }

  /**
   * CreateMilestone. A retry with the same ClientRequestToken returns the
   * milestone it created; a name already used by another request is `ConflictException`.
   */
  createMilestone(
    workloadId: string,
    name: string,
    clientRequestToken: string,
  ): ResultAsync<{ number: number }, DecomError> {
    return this.world.call('wellarchitected', 'CreateMilestone', true, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      if (name.length < 3 || name.length > 100)
        return err(
          awsError.invalid(
            'ValidationException',
            `milestone name must be 3–100 characters: "${name}"`,
            'MilestoneName',
          ),
        );
      const existing = workload.milestones.find((milestone) => milestone.name === name);
      if (existing !== undefined) {
        return existing.token === clientRequestToken
          ? ok({ number: existing.number })
          : err(awsError.conflict('ConflictException', `milestone "${name}" exists on ${workloadId}`, workloadId));
      }
      const number = workload.milestones.length + 1;
      workload.milestones.push({ number, name, at: this.world.nowIso(), token: clientRequestToken });
      return ok({ number });
    });
  }

  /** ListMilestones. */
  listMilestones(workloadId: string): ResultAsync<{ number: number; name: string; at: string }[], DecomError> {
    return this.world.call('wellarchitected', 'ListMilestones', false, workloadId, () => {
      const workload = this.find(workloadId);
      return workload === undefined
        ? err(this.missing(workloadId))
        : ok(workload.milestones.map(({ number, name, at }) => ({ number, name, at })));
    });
  }

  /** GetLensReviewReport: the report as a small valid PDF, base64 (at a milestone, when given). */
  getLensReviewReport(
    workloadId: string,
    lens: string,
    milestoneNumber?: number,
  ): ResultAsync<{ base64: string }, DecomError> {
    return this.world.call('wellarchitected', 'GetLensReviewReport', false, workloadId, () => {
      const workload = this.find(workloadId);
      if (workload === undefined) return err(this.missing(workloadId));
      if (!workload.lenses.includes(lens)) return err(this.missingLens(workloadId, lens));
      if (
        milestoneNumber !== undefined &&
        !workload.milestones.some((milestone) => milestone.number === milestoneNumber)
      )
        return err(
          awsError.notFound('ResourceNotFoundException', `milestone ${milestoneNumber} of ${workloadId}`, workloadId),
        );
      const counts = riskCounts(workload, lens);
      const lines = [
        `Well-Architected lens review report: ${workload.name} (${workload.id})`,
        `Lens: ${lens}${milestoneNumber === undefined ? '' : `, milestone ${milestoneNumber}`}`,
        `Questions answered: ${workload.answers.filter((answer) => answer.lens === lens).length}`,
        `Risks: ${Object.entries(counts)
          .map(([risk, count]) => `${risk} ${count}`)
          .join(', ')}`,
      ];
      return ok({ base64: Buffer.from(minimalPdf(lines), 'latin1').toString('base64') });
    });
  }

  private summary(workload: FakeWellArchitectedWorkload): WellArchitectedWorkloadSummary {
    return {
      id: workload.id,
      arn: `arn:aws:wellarchitected:${this.world.state.defaultRegion}:${this.world.state.accountId}:workload/${workload.id}`,
      name: workload.name,
      lenses: [...workload.lenses],
    };
  }

  private find(id: string): FakeWellArchitectedWorkload | undefined {
    return this.world.state.services.wellArchitected.find((workload) => workload.id === id);
  }

  private missing(id: string): DecomError {
    return awsError.notFound('ResourceNotFoundException', `Well-Architected workload ${id}`, id);
  }

  private missingLens(id: string, lens: string): DecomError {
    return awsError.notFound(
      'ResourceNotFoundException',
      `lens ${lens} is not applied to workload ${id}`,
      `${id}/${lens}`,
    );
  }
}

function riskCounts(workload: FakeWellArchitectedWorkload, lens: string): Record<string, number> {
  const counts: Record<string, number> = { UNANSWERED: 0, HIGH: 0, MEDIUM: 0, NONE: 0, NOT_APPLICABLE: 0 };
  for (const answer of workload.answers) if (answer.lens === lens) counts[answer.risk] = (counts[answer.risk] ?? 0) + 1;
  return counts;
}
