/**
 * The first of `types` whose `idOf` finds an id in `arn`, with that id; null
 * when none does. How a provider routes an ARN to its resource type (the AWS
 * provider's descriptors, the fake's kinds).
 *
 * @example
 * ```ts
 * const found = typeAndIdOf(types, 'arn:aws:sqs:eu-west-1:111122223333:orders'); // { type: SQS_QUEUE, id: 'orders' }
 * ```
 */
export function typeAndIdOf<Type extends { idOf(arn: string): string | null }>(
  types: readonly Type[],
  arn: string,
): { readonly type: Type; readonly id: string } | null {
  for (const type of types) {
    const id = type.idOf(arn);
    if (id !== null) return { type, id };
  }
  return null;
}
