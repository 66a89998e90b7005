import { createInterface } from 'node:readline/promises';
import type { CallerIdentity } from '@decomkit/core';
import { badInput, type CliFailure } from './cli-error.js';

/** How a destructive command is confirmed. */
export interface ConfirmationOptions {
  /** Skip the prompt: only together with `confirmAccount` naming the account. */
  readonly yes?: boolean;
  /** The account id or alias the operator confirms without a prompt (with `yes`). */
  readonly confirmAccount?: string;
}

/**
 * Asks the operator to type the AWS account's id or alias before a command
 * that changes it, as the strongest tools in this field do: `--yes` skips the
 * question only together with `--confirm-account` naming the account the
 * providers act in now (read from the cloud, never from the plan). Reads the
 * answer from stdin, so a script may pipe it; no answer is no.
 */
export async function confirmAccount(
  caller: CallerIdentity,
  what: string,
  options: ConfirmationOptions,
): Promise<CliFailure | null> {
  const accepted = [caller.accountId, ...(caller.accountAlias === null ? [] : [caller.accountAlias])];
  const named = caller.accountAlias === null ? caller.accountId : `${caller.accountId} (${caller.accountAlias})`;
  if (options.yes === true) {
    if (options.confirmAccount === undefined)
      return badInput('--yes needs --confirm-account <account id or alias>: the account must be named');
    return accepted.includes(options.confirmAccount)
      ? null
      : badInput(`--confirm-account ${options.confirmAccount} is not the account the providers act in: ${named}`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    process.stderr.write(`${what} in AWS account ${named}.\nType the account id or alias to go on: `);
    const answer = await new Promise<string | null>((resolve) => {
      prompt.once('line', (line) => resolve(line.trim()));
      prompt.once('close', () => resolve(null));
    });
    if (answer !== null && accepted.includes(answer)) return null;
    return badInput(answer === null ? 'not confirmed: no answer' : `not confirmed: "${answer}" is not ${named}`);
  } finally {
    prompt.close();
  }
}
