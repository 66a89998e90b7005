import { existsSync, writeFileSync } from 'node:fs';
import { verifyJournal, workloadSchema } from '@decomkit/core';
import { z } from 'zod';
import { badInput, failureOf } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { providersConfigSchema } from './providers-config.js';
import type { CommandResult } from './run-commands.js';
import { journalOf } from './session.js';
import { workloadFileTemplate } from './workload-file-template.js';

/** `decomkit verify-journal <run-id>`: the journal's hash chain (and seal) verified; 0 intact, 1 not. */
export async function verifyJournalCommand(runId: string, options: { stateDirectory: string }): Promise<CommandResult> {
  const journal = journalOf(options.stateDirectory);
  const records = await journal.read(runId);
  if (records.isErr())
    return records.error.code === 'NotFound' ? badInput(`no run ${runId} in this journal`) : failureOf(records.error);
  if (records.value.length === 0) return badInput(`no run ${runId} in this journal`);
  const seal = (await journal.readSeal?.(runId))?.unwrapOr(null) ?? null;
  const checked = verifyJournal(records.value, { seal });
  if (checked.isErr()) return failureOf(checked.error);
  process.stdout.write(
    `journal of ${runId}: ${checked.value.records} records, hash chain intact${seal === null ? ' (no seal)' : ', seal matches'}\n`,
  );
  return EXIT_CODES.done;
}

/**
 * The JSON Schema of a workload file: `workload` is the schema
 * `defineWorkload` checks with (as input), `providers` the CLI's.
 */
export function workloadFileJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'decomkit workload file',
    type: 'object',
    additionalProperties: false,
    required: ['workload', 'providers'],
    properties: {
      workload: z.toJSONSchema(workloadSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
      providers: z.toJSONSchema(providersConfigSchema, {
        io: 'input',
        unrepresentable: 'any',
        target: 'draft-2020-12',
      }),
    },
  };
}

/** `decomkit schema`: prints {@link workloadFileJsonSchema}. */
export function schemaCommand(): CommandResult {
  process.stdout.write(`${JSON.stringify(workloadFileJsonSchema(), null, 2)}\n`);
  return EXIT_CODES.done;
}

/** `decomkit init`: writes a commented workload file (never over an existing one unless `force`). */
export function initCommand(options: { workloadPath: string; force?: boolean; world: string }): CommandResult {
  if (!['demo', 'empty'].includes(options.world)) return badInput(`--world ${options.world}: demo or empty`);
  if (existsSync(options.workloadPath) && options.force !== true)
    return badInput(`${options.workloadPath} exists: decomkit init does not overwrite it (--force does)`);
  writeFileSync(options.workloadPath, workloadFileTemplate(options.world === 'demo' ? 'demo' : 'empty'));
  process.stdout.write(
    `wrote ${options.workloadPath}: edit it, then decomkit plan --workload ${options.workloadPath}\n`,
  );
  return EXIT_CODES.done;
}
