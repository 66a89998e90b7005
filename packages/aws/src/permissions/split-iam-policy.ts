import type { IamPolicyDocument, IamPolicyStatement } from './iam-policy-document.js';

/** The most characters (whitespace not counted) an IAM customer managed policy holds. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

/**
 * A policy split into documents that each fit an IAM managed policy
 * (`maxCharacters`, whitespace not counted): statements packed in order, a
 * statement too large alone cut into parts of its resources (or, on `"*"`,
 * of its actions), each part a statement of its own (`Sid` + `Part2`, …).
 * Attached to one role, the documents grant exactly what the policy grants.
 *
 * @example
 * ```ts
 * const policies = splitIamPolicy(awsIamPolicy(plan)._unsafeUnwrap());
 * // aws iam create-policy --policy-document for each; attach them all to the role
 * ```
 */
export function splitIamPolicy(
  policy: IamPolicyDocument,
  maxCharacters: number = MANAGED_POLICY_MAX_CHARACTERS,
): IamPolicyDocument[] {
  const size = (statements: readonly IamPolicyStatement[]) =>
    JSON.stringify({ Version: policy.Version, Statement: statements }).length;
  const fits = (statement: IamPolicyStatement) => size([statement]) <= maxCharacters;
  const documents: IamPolicyStatement[][] = [];
  let current: IamPolicyStatement[] = [];
  for (const statement of policy.Statement.flatMap((each) => (fits(each) ? [each] : cut(each, fits)))) {
    if (current.length > 0 && size([...current, statement]) > maxCharacters) {
      documents.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) documents.push(current);
  return documents.map((statements) => ({ Version: policy.Version, Statement: statements }));
}

/** A statement cut into parts that each fit: along its resources, or its actions when on `"*"`. */
function cut(statement: IamPolicyStatement, fits: (statement: IamPolicyStatement) => boolean): IamPolicyStatement[] {
  const along = typeof statement.Resource === 'string' ? 'Action' : 'Resource';
  const items = [...(along === 'Action' ? statement.Action : (statement.Resource as readonly string[]))];
  const parts: IamPolicyStatement[] = [];
  const partOf = (chunk: string[], index: number): IamPolicyStatement => ({
    ...statement,
    Sid: index === 0 ? statement.Sid : `${statement.Sid}Part${index + 1}`,
    ...(along === 'Action' ? { Action: chunk } : { Resource: chunk }),
  });
  let chunk: string[] = [];
  for (const item of items) {
    if (chunk.length > 0 && !fits(partOf([...chunk, item], parts.length))) {
      parts.push(partOf(chunk, parts.length));
      chunk = [];
    }
    chunk.push(item);
  }
  if (chunk.length > 0) parts.push(partOf(chunk, parts.length));
  return parts;
}
