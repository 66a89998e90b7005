/**
 * The tag a native snapshot carries naming the resource it backs up (its ARN).
 *
 * @example
 * ```ts
 * const tags = { [ACTION_TAG]: action.key, [SOURCE_TAG]: action.target.arn ?? '' };
 * ```
 */
export const SOURCE_TAG = 'decomkit:source';
