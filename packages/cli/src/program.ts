import { Command, CommanderError, Option } from 'commander';
import type { CliFailure } from './cli-error.js';
import { demoCommand } from './demo-command.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { iamPolicyCommand } from './iam-policy-command.js';
import { initCommand, schemaCommand, verifyJournalCommand } from './other-commands.js';
import {
  applyCommand,
  type CommandResult,
  planCommand,
  reportCommand,
  resumeCommand,
  statusCommand,
} from './run-commands.js';

interface CommonOptions {
  readonly workload: string;
  readonly dir: string;
  readonly fakeClock?: string;
}

/**
 * Runs the `decomkit` command line with `argv` (without the node and script
 * names) and resolves with its exit status (see {@link EXIT_CODES}); prints
 * to stdout and stderr. The `decomkit` binary is this, with `process.argv`.
 *
 * @example
 * ```ts
 * const status = await runCli(['plan', '--workload', 'workload.yaml', '--out', 'plan.json']);
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  let result: CommandResult = EXIT_CODES.done;
  const settle = (outcome: CommandResult | Promise<CommandResult>) => async () => {
    result = await outcome;
  };
  const program = new Command('decomkit')
    .description('Decommission the AWS side of a workload that moved to Azure: plan, apply, resume, report.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const common = (command: Command) =>
    command
      .option('-w, --workload <file>', 'the workload file (YAML or JSON)', 'workload.yaml')
      .option('-d, --dir <directory>', 'the state directory: journal, fake cloud', '.decomkit')
      .addOption(new Option('--fake-clock <date>', 'with the fake provider: its clock first moves to this date'));
  const running = (command: Command) =>
    common(command)
      .option('--approve <names...>', 'approval names to grant (e.g. retire); others wait', [])
      .option('-y, --yes', 'skip the confirmation: only with --confirm-account')
      .option('--confirm-account <account>', 'the AWS account id or alias the operator confirms')
      .option('--json', 'newline-delimited JSON events on stdout');
  const session = (options: CommonOptions) => ({
    workloadPath: options.workload,
    stateDirectory: options.dir,
    ...(options.fakeClock === undefined ? {} : { fakeClock: options.fakeClock }),
  });

  common(program.command('plan').description('read the world, change nothing, write the plan'))
    .option('-o, --out <file>', 'where the plan (JSON) is written', 'plan.json')
    .option('--json', 'a JSON line instead of the rendered plan')
    .action((options: CommonOptions & { out: string; json?: boolean }) =>
      settle(planCommand({ ...session(options), out: options.out, ...(options.json ? { json: true } : {}) }))(),
    );
  running(
    program.command('apply').description('execute a plan, after confirming the account').argument('<plan>'),
  ).action((plan: string, options: CommonOptions & RunFlags) => settle(applyCommand(plan, runOptions(options)))());
  running(program.command('resume').description('continue a run from its journal').argument('<run-id>')).action(
    (runId: string, options: CommonOptions & RunFlags) => settle(resumeCommand(runId, runOptions(options)))(),
  );
  common(program.command('status').description("a run's checklist, or every run").argument('[run-id]'))
    .option('--json', 'JSON lines')
    .action((runId: string | undefined, options: CommonOptions & { json?: boolean }) =>
      settle(statusCommand(runId, { ...session(options), ...(options.json ? { json: true } : {}) }))(),
    );
  common(program.command('report').description("a run's report").argument('<run-id>'))
    .option('-f, --format <format>', 'md, json or html (one self-contained page)', 'md')
    .option('-o, --out <file>', 'write the report to this file instead of stdout')
    .action((runId: string, options: CommonOptions & { format: string; out?: string }) =>
      settle(
        reportCommand(runId, {
          ...session(options),
          format: options.format,
          ...(options.out === undefined ? {} : { out: options.out }),
        }),
      )(),
    );
  program
    .command('verify-journal')
    .description("verify a run's journal: hash chain and seal")
    .argument('<run-id>')
    .option('-d, --dir <directory>', 'the state directory', '.decomkit')
    .action((runId: string, options: { dir: string }) =>
      settle(verifyJournalCommand(runId, { stateDirectory: options.dir }))(),
    );
  program
    .command('schema')
    .description("the workload file's JSON Schema")
    .action(() => settle(schemaCommand())());
  program
    .command('init')
    .description('write a commented workload file')
    .option('-w, --workload <file>', 'the file to write', 'workload.yaml')
    .option('--world <world>', 'demo (the fake demo world) or empty', 'demo')
    .option('--force', 'overwrite an existing file')
    .action((options: { workload: string; world: string; force?: boolean }) =>
      settle(initCommand({ workloadPath: options.workload, world: options.world, force: options.force === true }))(),
    );
  program
    .command('demo')
    .description('decommission the fake demo workload end to end, in a directory of its own')
    .option('-d, --dir <directory>', 'where its workload file, plan and journal go (default: a new temporary one)')
    .action((options: { dir?: string }) => settle(demoCommand(options.dir))());
  program
    .command('iam-policy')
    .description('what a plan needs: the AWS IAM policy, the Azure RBAC role, the ServiceNow tables')
    .argument('<plan>')
    .option('-f, --format <format>', 'json (one document: aws, azure, serviceNow) or text', 'json')
    .option('--backup-method <method>', "aws-backup or native: the backups port's default method", 'aws-backup')
    .option('--split', 'aws as a list of policies that each fit an IAM managed policy (6,144 characters)')
    .action((plan: string, options: { format: string; backupMethod: string; split?: boolean }) =>
      settle(
        iamPolicyCommand(plan, {
          format: options.format,
          backupMethod: options.backupMethod,
          split: options.split === true,
        }),
      )(),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (cause) {
    if (cause instanceof CommanderError) return cause.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.badInput; // --help, --version; or a usage error
    throw cause;
  }
  return report(result);
}

interface RunFlags {
  readonly approve: string[];
  readonly yes?: boolean;
  readonly confirmAccount?: string;
  readonly json?: boolean;
}

function runOptions(options: CommonOptions & RunFlags) {
  return {
    workloadPath: options.workload,
    stateDirectory: options.dir,
    approve: options.approve,
    ...(options.fakeClock === undefined ? {} : { fakeClock: options.fakeClock }),
    ...(options.yes === true ? { yes: true } : {}),
    ...(options.confirmAccount === undefined ? {} : { confirmAccount: options.confirmAccount }),
    ...(options.json === true ? { json: true } : {}),
  };
}

function report(result: CommandResult): ExitCode {
  if (typeof result === 'number') return result;
  const failure: CliFailure = result;
  process.stderr.write(`decomkit: ${failure.message}\n`);
  return failure.exitCode;
}
