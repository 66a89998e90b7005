import type { z } from 'zod';
import type { InputIssue } from '../errors/decom-error.js';

/**
 * zod's issues as decomkit's {@link InputIssue}s: the dotted path of each bad
 * field, under `prefix` when one is given, or `whole` when the value itself is
 * wrong; an unknown key is named on its own path rather than on its parent.
 */
export function zodInputIssues(error: z.ZodError, prefix: string, whole: string): InputIssue[] {
  const pathOf = (path: readonly PropertyKey[]) => {
    const segments = [...(prefix === '' ? [] : [prefix]), ...path.map((segment) => String(segment) || '""')];
    return segments.length > 0 ? segments.join('.') : whole;
  };
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `unknown field "${key}"` }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}
