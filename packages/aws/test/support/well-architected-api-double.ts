import {
  type AnswerSummary,
  CreateMilestoneCommand,
  GetLensReviewCommand,
  GetLensReviewReportCommand,
  GetWorkloadCommand,
  ListAnswersCommand,
  ListLensReviewsCommand,
  ListMilestonesCommand,
  ListWorkloadsCommand,
  type WellArchitectedClient,
} from '@aws-sdk/client-wellarchitected';
import { mockClient } from 'aws-sdk-client-mock';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

/** The six pillars of the AWS Well-Architected Framework lens, by PillarId. */
export const PILLARS = [
  'operationalExcellence',
  'security',
  'reliability',
  'performance',
  'costOptimization',
  'sustainability',
] as const;

/** One answer the double holds. */
export interface DoubleAnswer {
  readonly lens: string;
  readonly questionId: string;
  readonly pillar: string;
  readonly risk: 'UNANSWERED' | 'HIGH' | 'MEDIUM' | 'NONE' | 'NOT_APPLICABLE';
  readonly choices: readonly string[];
}

/** One workload the double holds, with its milestones (each a snapshot of the answers). */
export interface DoubleWorkload {
  readonly id: string;
  readonly name: string;
  readonly lenses: readonly string[];
  answers: DoubleAnswer[];
  readonly milestones: { number: number; name: string; token: string; at: Date; answers: DoubleAnswer[] }[];
}

/** What to seed: a workload by name with `answers` answers spread over the pillars of each lens. */
export interface WorkloadSeed {
  readonly name: string;
  readonly lenses?: readonly string[];
  readonly answers: number;
}

/** Options of {@link fakeWellArchitectedApi}. */
export interface WellArchitectedDoubleOptions {
  /** The most answers one ListAnswers page holds, whatever MaxResults asks (AWS may return fewer). Default 4. */
  readonly answersPageSize?: number;
  /** The most workloads one ListWorkloads page holds. Default 1, so prefix matches page. */
  readonly workloadsPageSize?: number;
  /** The most milestones one ListMilestones page holds. Default 1. */
  readonly milestonesPageSize?: number;
}

function awsException(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** A small valid one-page PDF naming the report's lines (what GetLensReviewReport's Base64String decodes to). */
export function reportPdf(lines: readonly string[]): string {
  const text = lines
    .map((line, index) => `BT /F1 10 Tf 40 ${780 - index * 14} Td (${line.replace(/[()\\]/g, '')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return body;
}

/** A page of `items` from `token` (a stringified offset), `size` long; ValidationException for a foreign token. */
function pageOf<T>(items: readonly T[], token: string | undefined, size: number): { page: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw awsException('ValidationException', 400, `Invalid NextToken: ${token}`);
  const end = start + size;
  return { page: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}

/**
 * A small stateful double of AWS Well-Architected on an injected
 * `WellArchitectedClient` (aws-sdk-client-mock); moto 5.2 has no
 * Well-Architected Tool. Responses are shaped like the AWS API reference:
 * ListWorkloads (`WorkloadNamePrefix`, paged), GetWorkload, ListLensReviews,
 * GetLensReview (`PillarReviewSummaries`), ListAnswers (`PillarId` filter,
 * `MaxResults` 1–50, paged, at a `MilestoneNumber` the milestone's snapshot),
 * CreateMilestone (a repeated `ClientRequestToken` returns the same milestone;
 * a name already taken by another request is `ConflictException`),
 * ListMilestones (paged) and GetLensReviewReport (`LensReviewReport.Base64String`,
 * a PDF). An unknown workload, lens or milestone is `ResourceNotFoundException`.
 */
export function fakeWellArchitectedApi(client: WellArchitectedClient, options: WellArchitectedDoubleOptions = {}) {
  const workloads: DoubleWorkload[] = [];
  const answersPage = options.answersPageSize ?? 4;
  const mock = mockClient(client);
  /** `staleMilestoneListings`: the next N ListMilestones answer as if no milestone were visible yet (eventual consistency). */
  const control = { staleMilestoneListings: 0 };

  const workload = (id: string | undefined): DoubleWorkload => {
    const found = workloads.find((candidate) => candidate.id === id);
    if (found === undefined) throw awsException('ResourceNotFoundException', 404, `No workload found with ID ${id}`);
    return found;
  };
  const lensOf = (found: DoubleWorkload, lens: string | undefined): string => {
    if (lens === undefined || !found.lenses.includes(lens))
      throw awsException('ResourceNotFoundException', 404, `Lens ${lens} is not applied to workload ${found.id}`);
    return lens;
  };
  const answersAt = (found: DoubleWorkload, milestone: number | undefined): DoubleAnswer[] => {
    if (milestone === undefined) return found.answers;
    const at = found.milestones.find((candidate) => candidate.number === milestone);
    if (at === undefined)
      throw awsException('ResourceNotFoundException', 404, `Milestone ${milestone} of ${found.id} not found`);
    return at.answers;
  };
  const riskCounts = (answers: readonly DoubleAnswer[]) => {
    const counts: Record<string, number> = { UNANSWERED: 0, HIGH: 0, MEDIUM: 0, NONE: 0, NOT_APPLICABLE: 0 };
    for (const answer of answers) counts[answer.risk] = (counts[answer.risk] ?? 0) + 1;
    return counts;
  };
  const summary = (found: DoubleWorkload) => ({
    WorkloadId: found.id,
    WorkloadArn: `arn:aws:wellarchitected:${REGION}:${ACCOUNT}:workload/${found.id}`,
    WorkloadName: found.name,
    Owner: ACCOUNT,
    UpdatedAt: new Date('2026-12-01T09:00:00Z'),
    Lenses: [...found.lenses],
    RiskCounts: riskCounts(found.answers),
    ImprovementStatus: 'NOT_APPLICABLE' as const,
  });

  mock.on(ListWorkloadsCommand).callsFake((input) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 50))
      throw awsException('ValidationException', 400, `MaxResults ${input.MaxResults} must be 1–50`);
    const matching = workloads.filter((candidate) => candidate.name.startsWith(input.WorkloadNamePrefix ?? ''));
    const { page, next } = pageOf(matching, input.NextToken, options.workloadsPageSize ?? 1);
    return { WorkloadSummaries: page.map(summary), ...(next === undefined ? {} : { NextToken: next }) };
  });
  mock.on(GetWorkloadCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const { WorkloadId, WorkloadArn, WorkloadName, Owner, UpdatedAt, Lenses, RiskCounts, ImprovementStatus } =
      summary(found);
    return {
      Workload: {
        WorkloadId,
        WorkloadArn,
        WorkloadName,
        Owner,
        UpdatedAt,
        Lenses,
        RiskCounts,
        ImprovementStatus,
        Description: `${WorkloadName} on AWS`,
        Environment: 'PRODUCTION',
        AwsRegions: [REGION],
        ReviewOwner: 'platform@example.com',
      },
    };
  });
  mock.on(ListLensReviewsCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const answers = answersAt(found, input.MilestoneNumber);
    return {
      WorkloadId: found.id,
      ...(input.MilestoneNumber === undefined ? {} : { MilestoneNumber: input.MilestoneNumber }),
      LensReviewSummaries: found.lenses.map((lens) => ({
        LensAlias: lens,
        LensArn: `arn:aws:wellarchitected::aws:lens/${lens}`,
        LensVersion: '2024-06-27',
        LensName: lens === 'wellarchitected' ? 'AWS Well-Architected Framework' : lens,
        LensStatus: 'CURRENT' as const,
        UpdatedAt: new Date('2026-12-01T09:00:00Z'),
        RiskCounts: riskCounts(answers.filter((answer) => answer.lens === lens)),
      })),
    };
  });
  mock.on(GetLensReviewCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const lens = lensOf(found, input.LensAlias);
    const answers = answersAt(found, input.MilestoneNumber).filter((answer) => answer.lens === lens);
    return {
      WorkloadId: found.id,
      ...(input.MilestoneNumber === undefined ? {} : { MilestoneNumber: input.MilestoneNumber }),
      LensReview: {
        LensAlias: lens,
        LensArn: `arn:aws:wellarchitected::aws:lens/${lens}`,
        LensVersion: '2024-06-27',
        LensName: lens === 'wellarchitected' ? 'AWS Well-Architected Framework' : lens,
        LensStatus: 'CURRENT' as const,
        UpdatedAt: new Date('2026-12-01T09:00:00Z'),
        RiskCounts: riskCounts(answers),
        PillarReviewSummaries: PILLARS.map((pillar) => ({
          PillarId: pillar,
          PillarName: pillar,
          RiskCounts: riskCounts(answers.filter((answer) => answer.pillar === pillar)),
        })),
      },
    };
  });
  mock.on(ListAnswersCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const lens = lensOf(found, input.LensAlias);
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 50))
      throw awsException('ValidationException', 400, `MaxResults ${input.MaxResults} must be 1–50`);
    const matching = answersAt(found, input.MilestoneNumber).filter(
      (answer) => answer.lens === lens && (input.PillarId === undefined || answer.pillar === input.PillarId),
    );
    const { page, next } = pageOf(matching, input.NextToken, Math.min(input.MaxResults ?? 50, answersPage));
    const summaries: AnswerSummary[] = page.map((answer) => ({
      QuestionId: answer.questionId,
      PillarId: answer.pillar,
      QuestionTitle: `Question ${answer.questionId}`,
      Choices: [
        { ChoiceId: `${answer.questionId}_a`, Title: 'Choice A' },
        { ChoiceId: `${answer.questionId}_b`, Title: 'Choice B' },
      ],
      SelectedChoices: [...answer.choices],
      IsApplicable: answer.risk !== 'NOT_APPLICABLE',
      Risk: answer.risk,
      QuestionType: 'PRIORITIZED',
    }));
    return {
      WorkloadId: found.id,
      LensAlias: lens,
      LensArn: `arn:aws:wellarchitected::aws:lens/${lens}`,
      ...(input.MilestoneNumber === undefined ? {} : { MilestoneNumber: input.MilestoneNumber }),
      AnswerSummaries: summaries,
      ...(next === undefined ? {} : { NextToken: next }),
    };
  });
  mock.on(CreateMilestoneCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const name = input.MilestoneName ?? '';
    if (name.length < 3 || name.length > 100)
      throw awsException('ValidationException', 400, `Milestone name must be 3–100 characters: "${name}"`);
    const token = input.ClientRequestToken ?? '';
    const byToken = found.milestones.find((milestone) => milestone.token === token && token !== '');
    if (byToken !== undefined) return { WorkloadId: found.id, MilestoneNumber: byToken.number };
    if (found.milestones.some((milestone) => milestone.name === name))
      throw awsException('ConflictException', 409, `Milestone name ${name} already exists on ${found.id}`);
    const number = found.milestones.length + 1;
    found.milestones.push({
      number,
      name,
      token,
      at: new Date('2026-12-15T10:00:00Z'),
      answers: found.answers.map((answer) => ({ ...answer })),
    });
    return { WorkloadId: found.id, MilestoneNumber: number };
  });
  mock.on(ListMilestonesCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const stale = control.staleMilestoneListings > 0;
    if (stale) control.staleMilestoneListings -= 1;
    const { page, next } = pageOf(stale ? [] : found.milestones, input.NextToken, options.milestonesPageSize ?? 1);
    return {
      WorkloadId: found.id,
      MilestoneSummaries: page.map((milestone) => ({
        MilestoneNumber: milestone.number,
        MilestoneName: milestone.name,
        RecordedAt: milestone.at,
        WorkloadSummary: summary(found),
      })),
      ...(next === undefined ? {} : { NextToken: next }),
    };
  });
  mock.on(GetLensReviewReportCommand).callsFake((input) => {
    const found = workload(input.WorkloadId);
    const lens = lensOf(found, input.LensAlias);
    const answers = answersAt(found, input.MilestoneNumber).filter((answer) => answer.lens === lens);
    const lines = [
      `Well-Architected lens review report: ${found.name} (${found.id})`,
      `Lens: ${lens}${input.MilestoneNumber === undefined ? '' : `, milestone ${input.MilestoneNumber}`}`,
      `Questions answered: ${answers.length}`,
    ];
    return {
      WorkloadId: found.id,
      ...(input.MilestoneNumber === undefined ? {} : { MilestoneNumber: input.MilestoneNumber }),
      LensReviewReport: {
        LensAlias: lens,
        LensArn: `arn:aws:wellarchitected::aws:lens/${lens}`,
        Base64String: Buffer.from(reportPdf(lines), 'latin1').toString('base64'),
      },
    };
  });

  /** Adds a workload with `answers` answers per lens, spread over the six pillars; returns its id. */
  const seed = (workloadSeed: WorkloadSeed): string => {
    const id = `${(workloads.length + 1).toString(16).padStart(32, '0')}`;
    const lenses = [...(workloadSeed.lenses ?? ['wellarchitected'])];
    const risks: DoubleAnswer['risk'][] = ['HIGH', 'MEDIUM', 'NONE', 'UNANSWERED', 'NOT_APPLICABLE'];
    const answers = lenses.flatMap((lens) =>
      Array.from({ length: workloadSeed.answers }, (_, index): DoubleAnswer => {
        const pillar = PILLARS[index % PILLARS.length] ?? 'security';
        return {
          lens,
          questionId: `${pillar}-q${index + 1}`,
          pillar,
          risk: risks[index % risks.length] ?? 'NONE',
          choices: index % 2 === 0 ? [`${pillar}-q${index + 1}_a`] : [],
        };
      }),
    );
    workloads.push({ id, name: workloadSeed.name, lenses, answers, milestones: [] });
    return id;
  };
  return { mock, workloads, seed, control };
}
