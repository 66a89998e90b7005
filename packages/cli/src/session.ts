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
  fileJournal,
  type Journal,
  ok,
  type Result,
  type ResultAsync,
} from '@decomkit/core';
import type { FakeCloud } from '@decomkit/fake';
import { keepFakeCloud, openFakeCloud } from './fake-world-store.js';
import { readWorkloadFile, type WorkloadFile } from './workload-file.js';

/** What a command works with: the workload file, its engine and journal, and the fake cloud when it is one. */
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
  /** Keeps what must outlive the process (the fake cloud's world). */
  close(): void;
}

/** Options every command that reads a workload file takes. */
export interface SessionOptions {
  readonly workloadPath: string;
  readonly stateDirectory: string;
  readonly onEvent?: EventListener;
  /** Only with the fake provider: set its clock first (to act on a later day). */
  readonly fakeClock?: string;
}

/** The journal of a state directory (`<dir>/journal`). */
export function journalOf(stateDirectory: string): Journal {
  return fileJournal(join(stateDirectory, 'journal'));
}

/** Reads the workload file and builds the engine of its providers over the state directory's journal. */
export function openSession(options: SessionOptions): Result<Session, DecomError> {
  const file = readWorkloadFile(options.workloadPath);
  if (file.isErr()) return err(file.error);
  const { providers } = file.value;
  if (providers.kind !== 'fake') {
    return err(
      decomError.notImplemented({
        operation: `providers.kind "${providers.kind}"`,
        message:
          `providers.kind "${providers.kind}" is not built into the CLI yet: compose real providers with the SDK ` +
          '(composeProviders(awsSource(…), azureTarget(…), { cmdb: serviceNowCmdb(…) })) and createEngine',
      }),
    );
  }
  const cloud = openFakeCloud(options.stateDirectory, providers, options.workloadPath);
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
  const journal = journalOf(options.stateDirectory);
  const checklist = decommissionChecklist(file.value.workload);
  const engine = createEngine({
    checklist,
    providers: cloud.value.providers,
    journal,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  if (engine.isErr()) return err(engine.error);
  const fakeCloud = cloud.value;
  return ok({
    file: file.value,
    engine: engine.value,
    journal,
    stateDirectory: options.stateDirectory,
    steps: checklist.steps.map(({ id, title }) => ({ id, title })),
    callerIdentity: () => fakeCloud.providers.identity.callerIdentity(),
    fakeCloud,
    close: () => keepFakeCloud(options.stateDirectory, fakeCloud),
  });
}
