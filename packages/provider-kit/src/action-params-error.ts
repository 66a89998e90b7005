import { type Action, decomError, type InputIssue, type InvalidInputError } from '@decomkit/core';

/**
 * The InvalidInput error of an action whose params have `issues`, naming the
 * action's key and kind and every issue (`path message`, `; ` between them);
 * null when there are none. A port's params check collects its issues, then
 * refuses the action with this before it calls anything.
 *
 * @example
 * ```ts
 * const invalid = actionParamsError(action, issues); // 'k1: dns.setTtl: params.zone required'
 * if (invalid !== null) return err(invalid);
 * ```
 */
export function actionParamsError(action: Action, issues: readonly InputIssue[]): InvalidInputError | null {
  if (issues.length === 0) return null;
  return decomError.invalidInput(
    `${action.key}: ${action.kind}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues,
  );
}
