/**
 * Memoises a function of a string, for strings up to `maxLength`, holding at
 * most `capacity` answers (all are forgotten at once when it is full: no
 * bookkeeping per call). For pure functions called again and again on the
 * same strings, such as tag values and action keys.
 *
 * @example
 * ```ts
 * const upper = boundedMemo((text) => text.toUpperCase(), { capacity: 1024, maxLength: 64 });
 * upper('eu-west-1'); // computed; the next call is a lookup
 * ```
 */
export function boundedMemo<T>(
  compute: (text: string) => T,
  limits: { readonly capacity: number; readonly maxLength: number },
): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    if (text.length > limits.maxLength) return compute(text);
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    const answer = compute(text);
    if (answers.size >= limits.capacity) answers.clear();
    answers.set(text, answer);
    return answer;
  };
}
