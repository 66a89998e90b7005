/** One statement of an {@link IamPolicyDocument}: always `Allow`, with a `Sid` naming what it is for. */
export interface IamPolicyStatement {
  /** What the statement is for: `DecomkitReads`, `DecomkitEc2Planned1`… (letters and digits). */
  readonly Sid: string;
  /** Always `Allow`. */
  readonly Effect: 'Allow';
  /** IAM action names, sorted. */
  readonly Action: readonly string[];
  /** `"*"` where the API has no resource-level permissions; the planned ARNs (or patterns derived from them) elsewhere. */
  readonly Resource: string | readonly string[];
}

/** An IAM identity-based policy document, as `aws iam create-policy --policy-document` takes it. */
export interface IamPolicyDocument {
  /** The policy language version. */
  readonly Version: '2012-10-17';
  /** The reads first, then the mutating actions grouped by the resources they are scoped to. */
  readonly Statement: readonly IamPolicyStatement[];
}
