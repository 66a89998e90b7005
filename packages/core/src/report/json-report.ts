import { redactSecrets } from '../util/redact.js';
import type { RunReport } from './run-report.js';

/** The version of the JSON report's shape; bumped on any incompatible change. */
export const REPORT_SCHEMA_VERSION = 1;

/** The JSON report: a run with its schema version, secrets redacted. */
export interface JsonReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly kind: 'decomkit.run-report';
  readonly generatedAt: string;
  readonly run: RunReport;
}

/**
 * Makes the machine-readable report of a run, for archiving or for other tools.
 *
 * @example
 * ```ts
 * await writeFile('report.json', JSON.stringify(jsonReport(run, new Date()), null, 2));
 * ```
 */
export function jsonReport(run: RunReport, generatedAt: Date): JsonReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'decomkit.run-report',
    generatedAt: generatedAt.toISOString(),
    run: redactSecrets(run),
  };
}
