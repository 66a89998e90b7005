import { readFileSync, writeFileSync } from 'node:fs';
import {
  type ApprovalOptions,
  type ApprovalRequest,
  type DecomError,
  jsonReport,
  type Plan,
  type Result,
  type RunReport,
  type RunStatus,
  renderChecklist,
  renderPlan,
  renderReportHtml,
} from '@decomkit/core';
import { badInput, type CliFailure, failureOf } from './cli-error.js';
import { type ConfirmationOptions, confirmAccount } from './confirm-account.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { progressModeOf, progressReporter } from './progress.js';
import { openSession, type Session, type SessionOptions } from './session.js';

/** Options of the commands that run a plan. */
export interface RunCommandOptions extends SessionOptions, ConfirmationOptions {
  /** Approval names granted on the command line (`--approve retire`); others wait. */
  readonly approve?: readonly string[];
  /** Newline-delimited JSON events on stdout instead of the task list. */
  readonly json?: boolean;
}

/** What a command ends with: its exit status (and, on failure, what went wrong). */
export type CommandResult = ExitCode | CliFailure;

/**
 * The exit status of a run: completed 0; waiting on a gate, or incomplete
 * (every action settled and none failed, but an item is still open: evidence
 * not recorded yet, a finding to except) 2, for a later resume finishes it;
 * failed, refused or cancelled 1.
 */
export function exitCodeOfRun(status: RunStatus | 'running'): ExitCode {
  if (status === 'completed') return EXIT_CODES.done;
  if (status === 'waiting' || status === 'incomplete') return EXIT_CODES.waiting;
  return EXIT_CODES.failed;
}

/** `decomkit plan`: reads the world, makes no change, writes the plan (JSON) and shows it. */
export async function planCommand(options: SessionOptions & { out: string; json?: boolean }): Promise<CommandResult> {
  const session = openSession(options);
  if (session.isErr()) return failureOf(session.error);
  try {
    const plan = await session.value.engine.plan();
    if (plan.isErr()) return failureOf(plan.error);
    writeFileSync(options.out, `${JSON.stringify(plan.value, null, 2)}\n`);
    const actions = plan.value.steps.reduce((count, step) => count + step.actions.length, 0);
    if (options.json === true)
      process.stdout.write(`${JSON.stringify({ type: 'plan', out: options.out, hash: plan.value.hash, actions })}\n`);
    else process.stdout.write(`${renderPlan(plan.value, { actionsPerKind: 5 })}\nPlan written to ${options.out}\n`);
    return EXIT_CODES.done;
  } finally {
    session.value.close();
  }
}

/** `decomkit apply <plan.json>`: after the operator confirms the account, executes the plan. */
export function applyCommand(planPath: string, options: RunCommandOptions): Promise<CommandResult> {
  const plan = readPlan(planPath);
  if ('exitCode' in plan) return Promise.resolve(plan);
  const actions = plan.steps.reduce((count, step) => count + step.actions.length, 0);
  return running(options, `Applying plan ${plan.hash.slice(0, 12)} (${actions} actions)`, (session, run) =>
    session.engine.apply(plan, run),
  );
}

/** `decomkit resume <run-id>`: after the operator confirms the account, continues a run from its journal. */
export function resumeCommand(runId: string, options: RunCommandOptions): Promise<CommandResult> {
  return running(options, `Resuming run ${runId}`, (session, run) => session.engine.resume(runId, run));
}

async function running(
  options: RunCommandOptions,
  what: string,
  go: (session: Session, run: ApprovalOptions) => PromiseLike<Result<RunReport, DecomError>>,
): Promise<CommandResult> {
  const mode = progressModeOf(options.json, process.stdout.isTTY);
  const reporter = { current: progressReporter('quiet', []) };
  const session = openSession({ ...options, onEvent: (event) => reporter.current.onEvent(event) });
  if (session.isErr()) return failureOf(session.error);
  try {
    const caller = await session.value.callerIdentity();
    if (caller.isErr()) return failureOf(caller.error);
    const refused = await confirmAccount(caller.value, what, options);
    if (refused !== null) return refused;
    reporter.current = progressReporter(mode, session.value.steps);
    const report = await reporter.current.run(async () => go(session.value, approvalsOf(options.approve ?? [])));
    if (report.isErr()) return failureOf(report.error);
    printRun(report.value, options.json === true);
    return exitCodeOfRun(report.value.status);
  } finally {
    session.value.close();
  }
}

/**
 * The approvals a command line grants. No `--approve`: no callback, so every
 * approval gate waits (nothing is denied on the operator's behalf). With
 * names: those are granted, asked again even if an earlier command denied
 * them; a name not given is denied for this run, until a later command grants it.
 */
export function approvalsOf(names: readonly string[]): ApprovalOptions {
  if (names.length === 0) return {};
  const granted = new Set(names);
  return { approve: (request: ApprovalRequest) => granted.has(request.name), askAgain: [...granted] };
}

/** `decomkit status [<run-id>]`: a run's checklist as its journal tells it, or every run of the journal. */
export async function statusCommand(runId: string | undefined, options: SessionOptions & { json?: boolean }) {
  // The journal is all status reads: the CMDB's secret is not needed for it.
  const session = openSession({ ...options, secrets: 'unused' });
  if (session.isErr()) return failureOf(session.error);
  try {
    if (runId === undefined) {
      const runs = await session.value.journal.list();
      if (runs.isErr()) return failureOf(runs.error);
      for (const id of runs.value) {
        const report = await session.value.engine.status(id);
        const status = report.isOk() ? report.value.status : `unreadable (${report.error.code})`;
        process.stdout.write(
          options.json === true ? `${JSON.stringify({ runId: id, status })}\n` : `${id}  ${status}\n`,
        );
      }
      return EXIT_CODES.done;
    }
    const report = await session.value.engine.status(runId);
    if (report.isErr()) return unknownRun(report.error, runId);
    printRun(report.value, options.json === true);
    return EXIT_CODES.done;
  } finally {
    session.value.close();
  }
}

/** Options of `decomkit report`: the format, and the file to write instead of stdout. */
export interface ReportCommandOptions extends SessionOptions {
  readonly format: string;
  /** Where the report is written; stdout when not given. */
  readonly out?: string;
}

/**
 * `decomkit report <run-id> --format md|json|html [--out file]`: the checklist
 * (Markdown), the JSON report, or the self-contained HTML page (with the times
 * the journal settled each action), on stdout or in `--out`.
 */
export async function reportCommand(runId: string, options: ReportCommandOptions): Promise<CommandResult> {
  if (!['md', 'json', 'html'].includes(options.format))
    return badInput(`--format ${options.format}: one of md, json, html`);
  const session = openSession({ ...options, secrets: 'unused' });
  if (session.isErr()) return failureOf(session.error);
  try {
    const report = await session.value.engine.status(runId);
    if (report.isErr()) return unknownRun(report.error, runId);
    const now = session.value.fakeCloud?.clock.now() ?? new Date();
    let text: string;
    if (options.format === 'html') {
      const records = await session.value.journal.read(runId);
      if (records.isErr()) return failureOf(records.error);
      text = renderReportHtml(report.value, { records: records.value, generatedAt: now });
    } else if (options.format === 'json') text = `${JSON.stringify(jsonReport(report.value, now), null, 2)}\n`;
    else text = `${renderChecklist(report.value)}\n`;
    if (options.out === undefined) {
      process.stdout.write(text);
      return EXIT_CODES.done;
    }
    try {
      writeFileSync(options.out, text);
    } catch (cause) {
      return badInput(`cannot write the report to ${options.out}: ${(cause as Error).message}`);
    }
    process.stdout.write(`Report (${options.format}) written to ${options.out}\n`);
    return EXIT_CODES.done;
  } finally {
    session.value.close();
  }
}

function unknownRun(error: DecomError, runId: string): CliFailure {
  return error.code === 'NotFound'
    ? badInput(`no run ${runId} in this journal (decomkit status lists them)`)
    : failureOf(error);
}

function printRun(report: RunReport, json: boolean): void {
  if (json) {
    const { runId, status, counts } = report;
    process.stdout.write(`${JSON.stringify({ type: 'result', runId, status, counts })}\n`);
    return;
  }
  process.stdout.write(`${renderChecklist(report)}\n\nrun ${report.runId}: ${report.status}\n`);
}

/** The plan in a file, parsed (the engine checks its hash and schema before acting on it). */
function readPlan(path: string): Plan | CliFailure {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Plan;
  } catch (cause) {
    return badInput(`cannot read the plan ${path}: ${(cause as Error).message}`);
  }
}
