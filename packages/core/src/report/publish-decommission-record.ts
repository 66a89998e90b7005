import { errAsync, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { Journal } from '../journal/journal.js';
import type { ArtifactRef, ArtifactStore } from '../spec/artifacts.js';
import { decommissionRecordName } from '../steps/clean-up-artifacts.js';
import { sha256 } from '../util/hash.js';
import { renderDecommissionRecord } from './decommission-record-markdown.js';
import type { RunReport } from './run-report.js';

/** Name of the Markdown decommission record in the artifact store: beside the JSON one. */
export function decommissionRecordMarkdownName(workloadId: string): string {
  return decommissionRecordName(workloadId).replace(/\.json$/, '.md');
}

/** What {@link publishDecommissionRecord} stored: the Markdown document, its SHA-256, and the hash file beside it. */
export interface PublishedDecommissionRecord {
  readonly markdown: ArtifactRef;
  /** SHA-256 (hex) of the Markdown bytes, as the store computed it and as the hash file says. */
  readonly sha256: string;
  /** `<name>.sha256`: `<hex>  decommission-record.md`, as `sha256sum -c` reads it. */
  readonly hashFile: ArtifactRef;
}

/** What {@link publishDecommissionRecord} needs: the run, the journal it was written to, the artifact store. */
export interface PublishDecommissionRecordInput {
  readonly run: RunReport;
  readonly journal: Pick<Journal, 'read'>;
  readonly artifacts: ArtifactStore;
}

/**
 * Renders the run's decommission record as Markdown
 * ({@link renderDecommissionRecord}) and stores it beside the JSON record
 * (`decomkit/<workload>/decommission-record.md`), with its SHA-256 in
 * `decommission-record.md.sha256`. Only once "Clean up artifacts" is verified
 * (deletion confirmed, CMDB updated, cost read): before that it is `GateUnmet`
 * and nothing is stored. The document depends only on what was settled by
 * then, so publishing again stores the same bytes (a store that never
 * overwrites accepts them). A store that answers with another hash than the
 * bytes sent is `Conflict`.
 *
 * @example
 * ```ts
 * const run = await engine.apply(plan);
 * const published = await run.asyncAndThen((report) =>
 *   publishDecommissionRecord({ run: report, journal, artifacts: providers.artifacts }));
 * ```
 */
export function publishDecommissionRecord(
  input: PublishDecommissionRecordInput,
): ResultAsync<PublishedDecommissionRecord, DecomError> {
  const { run, artifacts } = input;
  const cleanUp = run.items.flatMap((item) => item.steps).find((step) => step.id === 'clean-up-artifacts');
  if (cleanUp?.status !== 'verified')
    return errAsync(
      decomError.gateUnmet({
        message: `the decommission record of workload ${run.workloadId} (run ${run.runId}) is published once "Clean up artifacts" is verified: ${cleanUp === undefined ? 'the checklist has no clean-up-artifacts step' : (cleanUp.reason ?? cleanUp.status)}`,
      }),
    );
  const name = decommissionRecordMarkdownName(run.workloadId);
  return input.journal.read(run.runId).andThen((records) => {
    const body = new TextEncoder().encode(renderDecommissionRecord({ run, records }));
    const hash = sha256(body);
    return artifacts.put(name, body, 'text/markdown; charset=utf-8').andThen((markdown) => {
      if (markdown.sha256 !== hash)
        return errAsync(
          decomError.conflict({
            message: `the artifact store holds ${name} with SHA-256 ${markdown.sha256}, not the ${hash} of the record sent`,
            resource: name,
          }),
        );
      const line = new TextEncoder().encode(`${hash}  ${name.split('/').at(-1)}\n`);
      return artifacts
        .put(`${name}.sha256`, line, 'text/plain; charset=utf-8')
        .map((hashFile) => ({ markdown, sha256: hash, hashFile }));
    });
  });
}
