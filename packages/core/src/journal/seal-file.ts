import { randomBytes } from 'node:crypto';
import { mkdir, open as openFile, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { JournalSeal } from './journal-seal.js';
import { checkRunId } from './run-id.js';

const SEAL_EXTENSION = '.seal';

/**
 * Writes `<runId>.seal` in `directory` atomically and durably: a temporary
 * file, fsync, rename over the seal, fsync of the directory. A crash leaves
 * the old seal or the new one, never a torn one.
 */
export function writeSealFile(directory: string, runId: string, seal: JournalSeal): ResultAsync<void, DecomError> {
  const checked = checkRunId(runId);
  if (checked.isErr()) return new ResultAsync(Promise.resolve(err(checked.error)));
  const path = join(directory, `${runId}${SEAL_EXTENSION}`);
  return ResultAsync.fromPromise(replaceFile(directory, path, `${JSON.stringify(seal)}\n`), (cause) =>
    ioFailure(`cannot write the seal ${path}`, cause),
  );
}

/** Reads `<runId>.seal` in `directory`: null when there is none; `JournalCorrupt` when it is not JSON. */
export function readSealFile(directory: string, runId: string): ResultAsync<JournalSeal | null, DecomError> {
  const checked = checkRunId(runId);
  if (checked.isErr()) return new ResultAsync(Promise.resolve(err(checked.error)));
  const path = join(directory, `${runId}${SEAL_EXTENSION}`);
  return ResultAsync.fromPromise(readFile(path, 'utf8'), (cause) => cause)
    .orElse((cause) =>
      (cause as { code?: unknown } | null)?.code === 'ENOENT'
        ? ok<string | null, DecomError>(null)
        : err(ioFailure(`cannot read the seal ${path}`, cause)),
    )
    .andThen((text) => {
      if (text === null) return ok(null);
      try {
        return ok(JSON.parse(text) as JournalSeal);
      } catch (cause) {
        return err(decomError.journalCorrupt({ message: `the seal ${path} is not valid JSON`, line: 0, cause }));
      }
    });
}

async function replaceFile(directory: string, path: string, text: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await openFile(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw cause;
  }
  const directoryHandle = await openFile(directory, 'r');
  try {
    await directoryHandle.sync();
  } finally {
    await directoryHandle.close();
  }
}

function ioFailure(message: string, cause: unknown): DecomError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return decomError.providerFailure({ message: `${message}${detail}`, retryable: false, cause });
}
