import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateMilestoneCommand,
  GetLensReviewReportCommand,
  ListAnswersCommand,
  ListWorkloadsCommand,
  WellArchitectedClient,
} from '@aws-sdk/client-wellarchitected';
import type { Action, HandlerContext } from '@decomkit/core';
import {
  assessmentArtifactNames,
  exportMilestoneName,
  idempotencyToken,
  sha256,
  systemClock,
} from '@decomkit/provider-kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../src/clients.js';
import { awsAssessmentPort } from '../src/ports/assessment-port.js';
import { memoryArtifacts } from './support/memory-artifacts.js';
import { TEST_CREDENTIALS } from './support/moto.js';
import { fakeWellArchitectedApi, PILLARS } from './support/well-architected-api-double.js';

/**
 * moto has no Well-Architected Tool: the `assessment` port runs against a
 * stateful aws-sdk-client-mock double whose responses follow the AWS API
 * reference, with small pages so every list is read across several pages.
 */
function exportAction(workloadId: string, params: Action['params'] = { workloadId }): Action {
  return {
    key: `export-assessment:assessment.export:${workloadId}`,
    step: 'export-assessment',
    item: 'backups',
    kind: 'assessment.export',
    target: { ref: workloadId },
    params,
    gates: [],
    dependsOn: [],
  };
}

describe('assessment port: AWS Well-Architected (aws-sdk-client-mock; moto has none)', () => {
  let client: WellArchitectedClient;
  let clients: AwsClients;
  beforeEach(() => {
    client = new WellArchitectedClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { wellarchitected: client } });
  });

  const contextFor = (action: Action, artifacts = memoryArtifacts()): HandlerContext => ({
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: { artifacts },
  });

  it('finds a workload by its exact name across ListWorkloads pages, with its lenses; an unknown name is null', async () => {
    const api = fakeWellArchitectedApi(client, { workloadsPageSize: 1 });
    api.seed({ name: 'payments-legacy', answers: 3 });
    api.seed({ name: 'payments-archive', answers: 3 });
    const id = api.seed({ name: 'payments', lenses: ['wellarchitected', 'serverless'], answers: 3 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    expect((await port.findWorkload('payments'))._unsafeUnwrap()).toEqual({
      id,
      name: 'payments',
      lenses: ['wellarchitected', 'serverless'],
    });
    // Three workloads share the prefix, one per page: the exact match is on the last page.
    expect(api.mock).toHaveReceivedCommandTimes(ListWorkloadsCommand, 3);
    expect(api.mock).toHaveReceivedCommandWith(ListWorkloadsCommand, { WorkloadNamePrefix: 'payments' });
    expect((await port.findWorkload('no-such-workload'))._unsafeUnwrap()).toBeNull();
    expect((await port.findWorkload('pay'))._unsafeUnwrap()).toBeNull();
    expect((await port.findWorkload(''))._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('exports every answer of every pillar (all pages), a milestone with the idempotency token, and the report PDF', async () => {
    const api = fakeWellArchitectedApi(client, { answersPageSize: 2 });
    const id = api.seed({ name: 'payments', answers: 25 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    const handler = port.handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const action = exportAction(id, { workloadId: id, lenses: ['wellarchitected'] });
    const artifacts = memoryArtifacts();
    const context = contextFor(action, artifacts);
    const outcome = (await handler.execute(action, context))._unsafeUnwrap();
    const names = assessmentArtifactNames(id, 'wellarchitected');
    const answers = artifacts.stored.get(names.answers);
    const report = artifacts.stored.get(names.report);
    if (answers === undefined || report === undefined) throw new Error('artifacts not written');
    expect(outcome).toEqual({
      status: 'done',
      result: {
        workloadId: id,
        milestone: 1,
        milestoneName: exportMilestoneName(action.key),
        lenses: [
          {
            lens: 'wellarchitected',
            answers: 25,
            answersArtifact: names.answers,
            answersSha256: sha256(answers.body),
            reportArtifact: names.report,
            reportSha256: sha256(report.body),
          },
        ],
      },
    });
    expect(api.mock).toHaveReceivedCommandWith(CreateMilestoneCommand, {
      WorkloadId: id,
      MilestoneName: exportMilestoneName(action.key),
      ClientRequestToken: context.idempotencyToken,
    });
    // One pass per pillar, each over pages of two: 5 + 4 × 5 answers make 3 + 2 × 5 = 13 pages.
    for (const pillar of PILLARS)
      expect(api.mock).toHaveReceivedCommandWith(ListAnswersCommand, { PillarId: pillar, MilestoneNumber: 1 });
    expect(api.mock).toHaveReceivedCommandTimes(ListAnswersCommand, 13);
    const document = JSON.parse(new TextDecoder().decode(answers.body));
    expect(document.milestone).toBe(1);
    expect(document.answers).toHaveLength(25);
    expect(new Set(document.answers.map((answer: { questionId: string }) => answer.questionId)).size).toBe(25);
    expect(document.answers[0]).toEqual({
      lens: 'wellarchitected',
      questionId: 'operationalExcellence-q1',
      pillar: 'operationalExcellence',
      risk: 'HIGH',
      choices: ['operationalExcellence-q1_a'],
      title: 'Question operationalExcellence-q1',
      applicable: true,
    });
    expect(answers.contentType).toBe('application/json');
    expect(report.contentType).toBe('application/pdf');
    expect(new TextDecoder().decode(report.body.slice(0, 5))).toBe('%PDF-');
    expect(api.mock).toHaveReceivedCommandWith(GetLensReviewReportCommand, {
      WorkloadId: id,
      LensAlias: 'wellarchitected',
      MilestoneNumber: 1,
    });
  });

  it('a retry or a resume reuses the milestone (one milestone), and reconcile finds the export', async () => {
    const api = fakeWellArchitectedApi(client, { milestonesPageSize: 1 });
    const id = api.seed({ name: 'payments', answers: 7 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    const handler = port.handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const action = exportAction(id);
    const artifacts = memoryArtifacts();
    const context = contextFor(action, artifacts);
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const first = (await handler.execute(action, context))._unsafeUnwrap();
    const again = (await handler.execute(action, context))._unsafeUnwrap();
    expect(again).toEqual(first);
    expect(api.workloads[0]?.milestones).toHaveLength(1);
    expect(api.mock).toHaveReceivedCommandTimes(CreateMilestoneCommand, 1);
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toEqual(first);
    // The milestone exists but an artifact is missing (a crash between the two puts): absent, so it is redone.
    artifacts.stored.delete(assessmentArtifactNames(id, 'wellarchitected').report);
    expect((await handler.reconcile(action, context))._unsafeUnwrap()).toEqual({ status: 'absent' });
  });

  it('a milestone of its name already listed is reused; one created meanwhile (ConflictException) is found again', async () => {
    const api = fakeWellArchitectedApi(client, { milestonesPageSize: 5 });
    const id = api.seed({ name: 'payments', answers: 3 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    const handler = port.handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const action = exportAction(id);
    const workload = api.workloads[0];
    if (workload === undefined) throw new Error('no workload');
    // Another request (another token: an earlier run) made the milestone of this action's name.
    workload.milestones.push({
      number: 1,
      name: exportMilestoneName(action.key),
      token: 'another-request',
      at: new Date('2026-12-14T00:00:00Z'),
      answers: [...workload.answers],
    });
    const listed = (await handler.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(listed.status === 'done' && listed.result.milestone).toBe(1);
    expect(api.mock).toHaveReceivedCommandTimes(CreateMilestoneCommand, 0);
    // The first listing is stale (eventual consistency): CreateMilestone answers ConflictException, the name is ours.
    api.control.staleMilestoneListings = 1;
    const raced = (await handler.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(raced.status === 'done' && raced.result.milestone).toBe(1);
    expect(api.mock).toHaveReceivedCommandTimes(CreateMilestoneCommand, 1);
    expect(workload.milestones).toHaveLength(1);
  });

  it('a ConflictException for a name that no listing shows stays a Conflict (nothing exported)', async () => {
    const api = fakeWellArchitectedApi(client);
    const id = api.seed({ name: 'payments', answers: 3 });
    const handler = awsAssessmentPort(clients, 'eu-west-1').handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const action = exportAction(id);
    api.mock.on(CreateMilestoneCommand).rejects(
      Object.assign(new Error('Milestone name already exists'), {
        name: 'ConflictException',
        $fault: 'client',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    const artifacts = memoryArtifacts();
    expect((await handler.execute(action, contextFor(action, artifacts)))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(artifacts.stored.size).toBe(0);
  });

  it('refuses bad params, a missing artifacts port, an unreviewed lens and an unknown workload', async () => {
    const api = fakeWellArchitectedApi(client);
    const id = api.seed({ name: 'payments', answers: 3 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    const handler = port.handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const noId = exportAction(id, {});
    expect((await handler.execute(noId, contextFor(noId)))._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      issues: [{ path: 'params.workloadId', message: 'required' }],
    });
    const badLenses = exportAction(id, { workloadId: id, lenses: 'wellarchitected' });
    expect((await handler.execute(badLenses, contextFor(badLenses)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const action = exportAction(id);
    const bare: HandlerContext = { ...contextFor(action), ports: {} };
    expect((await handler.execute(action, bare))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const unreviewed = exportAction(id, { workloadId: id, lenses: ['serverless'] });
    expect((await handler.execute(unreviewed, contextFor(unreviewed)))._unsafeUnwrapErr().code).toBe('NotFound');
    const unknown = exportAction('0123456789abcdef0123456789abcdef');
    expect((await handler.execute(unknown, contextFor(unknown)))._unsafeUnwrapErr().code).toBe('NotFound');
    expect(api.mock).toHaveReceivedCommandTimes(CreateMilestoneCommand, 0);
    expect(api.workloads[0]?.milestones).toHaveLength(0);
  });

  it('claims the wellarchitected default bucket, and a cancelled run creates no milestone', async () => {
    const api = fakeWellArchitectedApi(client);
    const id = api.seed({ name: 'payments', answers: 3 });
    const port = awsAssessmentPort(clients, 'eu-west-1');
    const handler = port.handlers?.['assessment.export'];
    if (handler === undefined) throw new Error('assessment.export handler missing');
    const action = { ...exportAction(id), target: { ref: id, accountId: '111122223333' } };
    expect(handler.rateLimits?.(action)).toEqual([
      { service: 'wellarchitected', bucket: 'default', accountId: '111122223333', region: 'eu-west-1' },
    ]);
    const aborted = new AbortController();
    aborted.abort();
    const context = { ...contextFor(action), signal: aborted.signal };
    expect((await handler.execute(action, context))._unsafeUnwrapErr().code).toBe('Cancelled');
    expect(api.mock).toHaveReceivedCommandTimes(CreateMilestoneCommand, 0);
  });
});
