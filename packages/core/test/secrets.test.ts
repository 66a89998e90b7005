/**
 * Secret values never reach a plan, a journal, a report or an event, wherever
 * they come from (tag values under innocent keys, secret-looking tag keys,
 * provider error messages), and a run whose resources carry them still resumes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createChecklist,
  createEngine,
  type DecomError,
  decomError,
  defineStep,
  type EngineEvent,
  err,
  errAsync,
  fileJournal,
  jsonReport,
  memoryJournal,
  type Plan,
  redactSecrets,
  renderChecklist,
  renderPlan,
  verified,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { afterAll, describe, expect, it } from 'vitest';
import { retireInstances, snapshotInstances } from '../../../examples/retire-instances-steps.js';
import { planHash } from '../src/model/plan.js';
import { AFTER_DELETE_DATE } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const scratch = mkdtempSync(join(tmpdir(), 'decomkit-secrets-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';
const JWT_PAYLOAD = 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0';
const JWT_SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GITHUB_TOKEN = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SLACK_TOKEN = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

/** Tags an instance carries: secrets under innocent keys, and one under a secret-looking key. */
const SECRET_TAGS = {
  workload: 'payments',
  note: 'AKIAIOSFODNN7EXAMPLE',
  db_password: 'hunter2',
  conn: 'Server=x;Password=p@ss;',
  url: 'postgres://app:s3cret@db:5432/x',
  pem: `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs\n-----END RSA PRIVATE KEY-----`,
  session: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${JWT_PAYLOAD}.${JWT_SIGNATURE}`,
  github: GITHUB_TOKEN,
  aws: SECRET_ACCESS_KEY,
  chat: SLACK_TOKEN,
};

/** Substrings that must appear nowhere. */
const SECRETS = [
  'AKIAIOSFODNN7EXAMPLE',
  'hunter2',
  'p@ss',
  's3cret',
  PEM_BODY,
  'VTLw7onLRnrq0',
  JWT_PAYLOAD,
  JWT_SIGNATURE,
  GITHUB_TOKEN,
  SECRET_ACCESS_KEY,
  SLACK_TOKEN,
];

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${what} holds ${secret}`).toBe(false);
}

/** A step that repeats every tag it sees in a finding and in its evidence (a careless team's step). */
const echoTags = defineStep({
  id: 'echo-tags',
  item: 'baseline',
  title: 'Repeats the tags',
  needs: ['inventory'],
  plan: ({ inventory }) => ({
    actions: [],
    findings: inventory.map((resource) => ({
      severity: 'info' as const,
      code: 'tags',
      message: `${resource.arn} tags: ${JSON.stringify(resource.tags)}`,
      resource: resource.arn,
    })),
  }),
  verify: ({ inventory }) =>
    verified(`tags: ${inventory.map((resource) => JSON.stringify(resource.tags)).join(' ')}`, {
      tags: inventory.map((resource) => resource.tags ?? {}),
    }),
});

function secretWorld(providers?: (cloud: FakeCloud) => FakeCloud['providers']) {
  const cloud = createFakeCloud({
    source: {
      instances: [
        { id: 'i-pay0', tags: SECRET_TAGS },
        { id: 'i-pay1', tags: SECRET_TAGS },
      ],
    },
  });
  const directory = mkdtempSync(join(scratch, 'run-'));
  const events: EngineEvent[] = [];
  const engine = createEngine({
    checklist: createChecklist(paymentsWorkload(), [snapshotInstances, retireInstances, echoTags]),
    providers: providers?.(cloud) ?? cloud.providers,
    journal: fileJournal(directory),
    random: () => 0.5,
    onEvent: (event) => events.push(event),
  })._unsafeUnwrap();
  const journalText = () =>
    readdirSync(directory)
      .map((file) => readFileSync(join(directory, file), 'utf8'))
      .join('\n');
  return { cloud, engine, events, journalText };
}

const approve = () => true;

describe('secret values', () => {
  it('never reach the plan, journal, reports or events, and a run over such resources resumes and completes', async () => {
    const { cloud, engine, events, journalText } = secretWorld();
    const plan = (await engine.plan())._unsafeUnwrap();
    expectNoSecret('the plan', JSON.stringify(plan));
    expectNoSecret('renderPlan', renderPlan(plan));
    // Only the secret part goes: the rest of each value stays readable.
    const tags = plan.inventory[0]?.tags ?? {};
    expect(tags.workload).toBe('payments');
    expect(tags.url).toBe('postgres://app:[redacted]@db:5432/x');
    expect(tags.conn).toBe('Server=x;Password=[redacted];');
    expect(tags.db_password).toBe('[redacted]');

    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    cloud.clock.set(AFTER_DELETE_DATE);
    const resumed = await engine.resume(first.runId, { approve });
    const run = resumed._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(cloud.calls.of('TerminateInstances').length).toBeGreaterThan(0);

    expectNoSecret('the journal', journalText());
    expectNoSecret('the JSON report', JSON.stringify(jsonReport(run, new Date(AFTER_DELETE_DATE))));
    expectNoSecret('renderChecklist', renderChecklist(run));
    expectNoSecret('the events', JSON.stringify(events));
    expect(events.some((event) => event.type === 'step.verified' && event.step === 'echo-tags')).toBe(true);
  });

  it('lets a run resume whose resources carry a secret-looking tag key', async () => {
    const { cloud, engine } = secretWorld();
    const first = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    cloud.clock.set(AFTER_DELETE_DATE);
    const resumed = await engine.resume(first.runId, { approve });
    expect(resumed.isOk() ? resumed.value.status : resumed.error.message).toBe('completed');
  });

  it('makes plans that redaction leaves unchanged, so the journaled plan hashes as the applied one', async () => {
    const { engine } = secretWorld();
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(redactSecrets(plan)).toBe(plan);
    expect(planHash(redactSecrets(JSON.parse(JSON.stringify(plan)) as Plan))).toBe(plan.hash);
  });

  it('refuses to apply a plan that holds a secret, rather than journal a plan that cannot be resumed', async () => {
    const { engine } = secretWorld();
    const plan = JSON.parse(JSON.stringify((await engine.plan())._unsafeUnwrap())) as {
      inventory: { tags: Record<string, string> }[];
    } & Plan;
    (plan.inventory[0] as { tags: Record<string, string> }).tags.note = 'AKIAIOSFODNN7EXAMPLE';
    const { hash: _old, ...content } = plan;
    const rehashed = { ...content, hash: planHash(content) } as Plan;
    const applied = await engine.apply(rehashed, { approve });
    expect(applied._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(applied._unsafeUnwrapErr().message).toContain('secret');
    expectNoSecret('the error', JSON.stringify(applied._unsafeUnwrapErr()));
  });

  it('refuses a workload that would be journaled differently from how it was planned', async () => {
    const cloud = createFakeCloud({ source: { instances: [{ id: 'i-pay0', tags: SECRET_TAGS }] } });
    const workload: Workload = paymentsWorkload({
      source: {
        accountId: '111122223333',
        regions: ['eu-west-1'],
        select: { tags: { workload: 'payments', db_password: 'hunter2' } },
      },
    });
    const engine = createEngine({
      checklist: createChecklist(workload, [snapshotInstances, retireInstances]),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = await engine.plan();
    expect(plan._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(plan._unsafeUnwrapErr().message).toContain('source.select.tags.db_password');
    expectNoSecret('the error', JSON.stringify(plan._unsafeUnwrapErr()));
  });
});

describe('provider errors', () => {
  const leaky = (what: string): DecomError =>
    decomError.providerFailure({
      message: `${what} failed: cannot reach postgres://app:s3cret@db:5432/x with AKIAIOSFODNN7EXAMPLE`,
      retryable: false,
      cause: new Error(`upstream said Authorization: Bearer ${GITHUB_TOKEN}`),
    });

  it('are redacted before they reach the journal, the reports and the events', async () => {
    const { cloud, engine, events, journalText } = secretWorld((fake) => {
      const retirement = fake.providers.retirement;
      const handlers = retirement.handlers ?? {};
      const terminate = handlers['resource.delete'];
      if (terminate === undefined) throw new Error('the fake has no resource.delete handler');
      const failing = { ...terminate, batch: undefined, execute: () => errAsync(leaky('TerminateInstances')) };
      return {
        ...fake.providers,
        retirement: { ...retirement, handlers: { ...handlers, 'resource.delete': failing } },
      } as FakeCloud['providers'];
    });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    const failed = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
    expect(failed.some((record) => record.reason?.includes('postgres://app:[redacted]@db:5432/x'))).toBe(true);
    expectNoSecret('the journal', journalText());
    expectNoSecret('the JSON report', JSON.stringify(jsonReport(run, new Date(AFTER_DELETE_DATE))));
    expectNoSecret('renderChecklist', renderChecklist(run));
    const failures = events.filter((event) => event.type === 'action.failed');
    expect(failures.length).toBeGreaterThan(0);
    expectNoSecret('the events', JSON.stringify(events));
    for (const event of failures) expectNoSecret('an error cause', String((event.error.cause as Error).message));
  });

  it('are redacted when discovery fails with one', async () => {
    const { engine } = secretWorld((fake) => ({
      ...fake.providers,
      inventory: {
        ...fake.providers.inventory,
        discover: async function* () {
          yield err(leaky('discovery'));
        },
        describe: fake.providers.inventory.describe.bind(fake.providers.inventory),
      },
    }));
    const plan = await engine.plan();
    expect(plan._unsafeUnwrapErr().message).toContain('postgres://app:[redacted]@db:5432/x');
    expectNoSecret('the error message', plan._unsafeUnwrapErr().message);
    expectNoSecret('the error cause', String((plan._unsafeUnwrapErr().cause as Error).message));
  });
});
