import { join } from 'node:path';
import {
  type CallerIdentity,
  createEngine,
  type DecomError,
  decomError,
  decommissionChecklist,
  type Engine,
  type EventListener,
  err,
  errAsync,
  fileJournal,
  type Journal,
  ok,
  type PortMap,
  type Providers,
  type Result,
  type ResultAsync,
  type StandardPorts,
} from '@decomkit/core';
import type { FakeCloud } from '@decomkit/fake';
import { cloudProviders } from './cloud-providers.js';
import { keepFakeCloud, openFakeCloud } from './fake-world-store.js';
import { readWorkloadFile, type WorkloadFile } from './workload-file.js';

/** What a command works with: the workload file, its engine and journal, and the fake cloud when it is one (null on a real cloud). */
export interface Session {
  readonly file: WorkloadFile;
  readonly engine: Engine;
  readonly journal: Journal;
  readonly stateDirectory: string;
  /** The checklist's steps, in order, for progress. */
  readonly steps: readonly { readonly id: string; readonly title: string }[];
  /** The account the providers act in, read from the cloud now (never from a plan). */
  callerIdentity(): ResultAsync<CallerIdentity, DecomError>;
  readonly fakeCloud: FakeCloud | null;
  /** Keeps what must outlive the process (the fake cloud's world; nothing on a real cloud). */
  close(): void;
}

/** Options every command that reads a workload file takes. */
export interface SessionOptions {
  readonly workloadPath: string;
  readonly stateDirectory: string;
  readonly onEvent?: EventListener;
  /** Only with the fake provider: set its clock first (to act on a later day). */
  readonly fakeClock?: string;
  /**
   * Whether the command needs the secrets the file names (`required`: plan,
   * apply, resume) or reads the journal only (`unused`: status, report).
   */
  readonly secrets?: 'required' | 'unused';
  /** Where named secrets are read (default `process.env`). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** The journal of a state directory (`<dir>/journal`). */
export function journalOf(stateDirectory: string): Journal {
  return fileJournal(join(stateDirectory, 'journal'));
}

/**
 * Reads the workload file and builds the engine of its providers over the
 * state directory's journal: the fake cloud (`kind: fake`, its world kept in
 * the state directory), or the real providers composed by
 * {@link cloudProviders} (`kind: cloud`), never a mix of the two.
 */
export function openSession(options: SessionOptions): Result<Session, DecomError> {
  const file = readWorkloadFile(options.workloadPath);
  if (file.isErr()) return err(file.error);
  const world = worldOf(file.value, options);
  if (world.isErr()) return err(world.error);
  const { providers, fakeCloud } = world.value;
  const journal = journalOf(options.stateDirectory);
  const checklist = decommissionChecklist(file.value.workload);
  const engine = createEngine({
    checklist,
    providers,
    journal,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  if (engine.isErr()) return err(engine.error);
  const identity = providers.identity;
  return ok({
    file: file.value,
    engine: engine.value,
    journal,
    stateDirectory: options.stateDirectory,
    steps: checklist.steps.map(({ id, title }) => ({ id, title })),
    callerIdentity: () =>
      identity === undefined
        ? errAsync(
            decomError.invalidInput('the providers have no identity port', [
              { path: 'providers', message: 'an AWS source' },
            ]),
          )
        : identity.callerIdentity(),
    fakeCloud,
    close: () => {
      if (fakeCloud !== null) keepFakeCloud(options.stateDirectory, fakeCloud);
    },
  });
}

/** Every port the standard checklist needs, and any other. */
type StandardProviders = Pick<PortMap, StandardPorts> & Providers;

/** The providers of the workload file, and the fake cloud when they are its. */
function worldOf(
  file: WorkloadFile,
  options: SessionOptions,
): Result<{ providers: StandardProviders; fakeCloud: FakeCloud | null }, DecomError> {
  const config = file.providers;
  if (config.kind === 'cloud') {
    if (options.fakeClock !== undefined)
      return err(
        decomError.invalidInput('--fake-clock is only for providers.kind fake: a real cloud keeps its own time', [
          { path: '--fake-clock', message: 'not with providers.kind cloud' },
        ]),
      );
    const secrets = { environment: options.environment ?? process.env, mode: options.secrets ?? 'required' } as const;
    return cloudProviders(config, file, secrets).map((providers) => ({ providers, fakeCloud: null }));
  }
  const cloud = openFakeCloud(options.stateDirectory, config, options.workloadPath);
  if (cloud.isErr()) return err(cloud.error);
  if (options.fakeClock !== undefined) {
    const at = Date.parse(options.fakeClock);
    if (!Number.isFinite(at))
      return err(
        decomError.invalidInput(`--fake-clock ${options.fakeClock} is not a date`, [
          { path: '--fake-clock', message: 'an ISO 8601 date or instant' },
        ]),
      );
    cloud.value.clock.set(new Date(at).toISOString());
  }
  return ok({ providers: cloud.value.providers, fakeCloud: cloud.value });
}
