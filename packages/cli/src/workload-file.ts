import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  decomError,
  defineWorkload,
  err,
  type InputIssue,
  type InvalidInputError,
  ok,
  type Result,
  type Workload,
} from '@decomkit/core';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type ProvidersConfig, providersConfigSchema } from './providers-config.js';

/** A workload file, read and checked: the workload as `defineWorkload` made it, and its providers. */
export interface WorkloadFile {
  readonly path: string;
  readonly workload: Workload;
  readonly providers: ProvidersConfig;
}

const fileSchema = z.strictObject({ workload: z.unknown(), providers: providersConfigSchema });

/**
 * Reads a workload file (YAML, or JSON, which is YAML too) and checks it
 * with the schema `defineWorkload` uses. Every problem is an issue whose
 * path starts with `file:line:column` and the field, e.g.
 * `workload.yaml:7:16 workload.source.accountId`; nothing is acted on unless
 * the whole file is valid.
 *
 * @example
 * ```ts
 * const file = readWorkloadFile('workload.yaml');
 * if (file.isErr()) for (const issue of file.error.issues) console.error(issue.path, issue.message);
 * ```
 */
export function readWorkloadFile(path: string): Result<WorkloadFile, InvalidInputError> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    return err(
      decomError.invalidInput(`cannot read the workload file ${path}`, [{ path, message: (cause as Error).message }]),
    );
  }
  return parseWorkloadFile(path, text);
}

/** {@link readWorkloadFile} of text already read. */
export function parseWorkloadFile(path: string, text: string): Result<WorkloadFile, InvalidInputError> {
  const name = basename(path);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return err(
      invalid(
        path,
        document.errors.map((error) => {
          const position = error.linePos?.[0];
          return { path: `${name}:${position?.line ?? 1}:${position?.col ?? 1}`, message: error.message };
        }),
      ),
    );
  }
  const at = (fields: readonly (string | number)[]) =>
    `${name}:${positionOf(document, lines, fields)} ${dotted(fields)}`;
  // Both halves are checked, so one run names every problem of the file.
  const content: unknown = document.toJS();
  const shape = fileSchema.safeParse(content);
  const issues: InputIssue[] = shape.success
    ? []
    : shape.error.issues.map((issue) => ({
        path: at(issue.path.filter((key) => typeof key !== 'symbol')),
        message: issue.message,
      }));
  const input = (content as { workload?: unknown } | null)?.workload;
  const workload = input === undefined ? null : defineWorkload(input as Parameters<typeof defineWorkload>[0]);
  if (workload?.isErr() === true)
    issues.push(
      ...workload.error.issues.map((issue) => ({
        path: at(['workload', ...fieldsOf(issue.path)]),
        message: issue.message,
      })),
    );
  if (issues.length > 0 || !shape.success || workload === null || workload.isErr()) return err(invalid(path, issues));
  return ok({ path, workload: workload.value, providers: shape.data.providers });
}

function invalid(path: string, issues: readonly InputIssue[]): InvalidInputError {
  const count = issues.length === 1 ? 'a problem' : `${issues.length} problems`;
  return decomError.invalidInput(`the workload file ${path} has ${count}`, issues);
}

/** `source.regions.0` → ['source', 'regions', 0]. */
function fieldsOf(path: string): (string | number)[] {
  if (path === '') return [];
  return path.split('.').map((field) => (/^\d+$/.test(field) ? Number(field) : field));
}

function dotted(fields: readonly (string | number)[]): string {
  return fields.length === 0 ? '(file)' : fields.join('.');
}

/** `line:column` of the deepest node of `fields` the document has (a missing field: where its parent is). */
function positionOf(document: Document, lines: LineCounter, fields: readonly (string | number)[]): string {
  for (let length = fields.length; length >= 0; length -= 1) {
    const node = document.getIn(fields.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    const offset = length === 0 ? (document.contents as { range?: [number] } | null)?.range?.[0] : node?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return `${line}:${col}`;
    }
  }
  return '1:1';
}
