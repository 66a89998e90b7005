import { type DecomError, err, type InputIssue, ok, type PlannedAction, type Result } from '@decomkit/core';
import { actionParamsError } from './action-params-error.js';

/** What an `artifact.put` action stores: the name, its content type and the bytes. */
export interface ArtifactPutInput {
  readonly name: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The params of an `artifact.put` action, checked as every artifact store
 * checks them before it writes anything: `name` and `contentType` non-empty,
 * exactly one of `body` (text, stored as UTF-8) or `bodyBase64` (valid
 * base64). Otherwise InvalidInput naming every issue (see
 * {@link actionParamsError}).
 *
 * @example
 * ```ts
 * const input = artifactPutInput(action);
 * if (input.isErr()) return errAsync(input.error);
 * const { name, contentType, body } = input.value;
 * ```
 */
export function artifactPutInput(action: PlannedAction<'artifact.put'>): Result<ArtifactPutInput, DecomError> {
  const { name, contentType, body, bodyBase64 } = action.params;
  const issues: InputIssue[] = [];
  if (typeof name !== 'string' || name === '') issues.push({ path: 'params.name', message: 'required' });
  if (typeof contentType !== 'string' || contentType === '')
    issues.push({ path: 'params.contentType', message: 'required' });
  const hasText = typeof body === 'string';
  const hasBase64 = typeof bodyBase64 === 'string';
  if (hasText === hasBase64) issues.push({ path: 'params.body', message: 'exactly one of body (text) or bodyBase64' });
  if (hasBase64 && (bodyBase64.length % 4 !== 0 || !BASE64.test(bodyBase64)))
    issues.push({ path: 'params.bodyBase64', message: 'not base64' });
  const invalid = actionParamsError(action, issues);
  if (invalid !== null) return err(invalid);
  return ok({
    name: name as string,
    contentType: contentType as string,
    body: hasText
      ? new TextEncoder().encode(body as string)
      : new Uint8Array(Buffer.from(bodyBase64 as string, 'base64')),
  });
}
