/** The smoke test's one activity: proves a workflow's activity call reaches a worker and comes back. */
export async function greet(name: string): Promise<string> {
  return `hello, ${name}`;
}
