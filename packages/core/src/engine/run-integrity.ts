import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, EMPTY_CHAIN } from '../journal/hash-chain.js';
import type { Journal, JournalWriter } from '../journal/journal.js';
import type { JournalRecord } from '../journal/journal-entry.js';
import { type JournalSeal, sealAt } from '../journal/journal-seal.js';
import { signedMessage } from '../journal/signing.js';
import { checkSeal, verifyRecords } from '../journal/verify-journal.js';
import type { Plan } from '../model/plan.js';
import type { ArtifactsPort } from '../spec/artifacts.js';
import { fromReturned } from '../util/awaitable.js';
import type { EngineContext } from './engine-context.js';
import { type RunState, replayRun } from './run-state.js';

/**
 * Where the engine keeps a copy of a run's seal in the artifact store (when it
 * signs and has an `artifacts` port): `decomkit/runs/<runId>.seal.json`.
 *
 * @example
 * ```ts
 * const body = await providers.artifacts.get(sealArtifactName(runId));
 * const seal = body.map((bytes) => (bytes === null ? null : JSON.parse(new TextDecoder().decode(bytes))));
 * ```
 */
export function sealArtifactName(runId: string): string {
  return `decomkit/runs/${runId}.seal.json`;
}

/** When the engine signs, a plan must carry a valid signature of its hash. */
export function checkPlanSignature(context: EngineContext, plan: Plan): Result<void, DecomError> {
  const signer = context.signer;
  if (signer === null || signer.verify(signedMessage.plan(plan.hash), plan.signature)) return ok(undefined);
  const what = plan.signature === undefined ? 'is not signed' : 'has a signature that does not verify';
  return err(
    decomError.invalidInput(
      `the plan for "${plan.workload?.id}" ${what}: this engine signs with ${signer.algorithm} and applies only plans it signed`,
      [{ path: 'plan.signature', message: plan.signature === undefined ? 'missing' : 'does not verify' }],
    ),
  );
}

/** A journal writer whose every record is checked to carry a signature when the engine signs. */
export interface RunWriter extends JournalWriter {
  /** The error that stopped the journal, if any (for the run's own error message). */
  readonly failure: DecomError | null;
}

/** Opens a run's journal, passing the engine's record signer; refuses records a journal leaves unsigned. */
export function openRun(
  context: EngineContext,
  journal: Journal,
  runId: string,
  head: ChainHead = EMPTY_CHAIN,
  takeOver = false,
): ResultAsync<RunWriter, DecomError> {
  const signer = context.signer;
  const options = {
    takeOver,
    ...(signer === null ? {} : { signRecord: (hash: string) => signer.sign(signedMessage.record(hash)) }),
  };
  return journal.open(runId, head, options).map((writer) => {
    let failure: DecomError | null = null;
    const run: RunWriter = {
      get failure() {
        return failure;
      },
      append: (entry, at) =>
        writer
          .append(entry, at)
          .andThen((record) =>
            signer === null || typeof record.sig === 'string'
              ? ok(record)
              : err(
                  decomError.providerFailure({
                    message: `the journal of run "${runId}" wrote record ${record.seq} unsigned: its open() ignores signRecord, so it cannot be used with signing`,
                    retryable: false,
                  }),
                ),
          )
          .mapErr((error) => {
            failure ??= error;
            return error;
          }),
      close: () => writer.close(),
      takeover: writer.takeover ?? null,
    };
    return run;
  });
}

/**
 * Seals a run where its journal stands: beside the run (`journal.writeSeal`)
 * and, when the engine signs and has an `artifacts` port, in the artifact
 * store too, out of reach of whoever can write only the journal directory.
 */
export function sealRun(context: EngineContext, journal: Journal, state: RunState): ResultAsync<void, DecomError> {
  const seal = sealAt(state.runId, state.head, context.signer);
  const beside = fromReturned<void>(
    `the seal of run ${state.runId}`,
    async () => (await journal.writeSeal?.(state.runId, seal)) ?? ok(undefined),
  );
  const artifacts = context.signer === null ? undefined : context.providers.artifacts;
  if (artifacts === undefined) return beside;
  const name = sealArtifactName(state.runId);
  const body = new TextEncoder().encode(`${JSON.stringify(seal)}\n`);
  return beside
    .andThen(() =>
      fromReturned(`artifacts.put(${name})`, async () => await artifacts.put(name, body, 'application/json')),
    )
    .map(() => undefined);
}

/** The error of a run whose first record (`run.started`, `run.resumed`) could not be journaled. */
export function startFailure(what: string, writer: RunWriter): DecomError {
  const cause = writer.failure;
  return decomError.providerFailure({
    message: `cannot journal ${what}${cause === null ? '' : `: ${cause.message}`}`,
    retryable: false,
    cause,
  });
}

/**
 * Reads a run back from its journal, and trusts it only if it verifies: the
 * hash chain; with signing, every line's signature; every seal found (beside
 * the run, and in the artifact store when signing) still covered; the first
 * record names this run.
 */
export function loadRun(context: EngineContext, journal: Journal, runId: string): ResultAsync<RunState, DecomError> {
  const verifier = context.signer;
  return journal
    .read(runId)
    .andThen((records) => verifyRecords(records, verifier).map(() => records))
    .andThen((records) =>
      (journal.readSeal?.(runId) ?? okAsync(null))
        .andThen((seal) => checkFound(records, seal, 'the seal beside the run'))
        .andThen(() => readArtifactSeal(context, runId))
        .andThen((seal) => checkFound(records, seal, 'the seal in the artifact store')),
    )
    .andThen((records) => {
      const started = records[0]?.entry;
      if (started?.type === 'run.started' && started.runId !== runId) {
        return err(
          decomError.journalCorrupt({ message: `the journal of run "${runId}" is run "${started.runId}"'s`, line: 1 }),
        );
      }
      return replayRun(records);
    });

  function checkFound(records: readonly JournalRecord[], seal: JournalSeal | null, where: string) {
    return seal === null ? ok(records) : checkSeal(records, seal, verifier, where).map(() => records);
  }
}

function readArtifactSeal(context: EngineContext, runId: string): ResultAsync<JournalSeal | null, DecomError> {
  const artifacts: ArtifactsPort | undefined = context.signer === null ? undefined : context.providers.artifacts;
  if (artifacts === undefined) return okAsync(null);
  const name = sealArtifactName(runId);
  return fromReturned(`artifacts.get(${name})`, async () => await artifacts.get(name)).andThen((body) => {
    if (body === null) return okAsync(null);
    try {
      return okAsync(JSON.parse(new TextDecoder().decode(body)) as JournalSeal);
    } catch (cause) {
      return errAsync(decomError.journalCorrupt({ message: `the seal ${name} is not valid JSON`, line: 0, cause }));
    }
  });
}
