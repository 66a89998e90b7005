import type { Action, HandlerContext, PortMap, PortName, Providers } from '@decomkit/core';
import { handlerContext } from './fixtures.js';

/**
 * What a per-port suite's factory returns: the port(s) under test (required),
 * any other ports its handlers read through `context.ports` (optional), an
 * oracle that checks the world outside the port, and a `dispose` run after
 * each test.
 *
 * @example
 * ```ts
 * const subject: PortSubject<'cmdb', CmdbOracle> = { cmdb: myCmdb, oracle: { configurationItem: readCi } };
 * ```
 */
export type PortSubject<Ports extends PortName, SubjectOracle> = Providers & {
  readonly [Name in Ports]-?: PortMap[Name];
} & {
  readonly oracle: SubjectOracle;
  /** Called after the test. */
  dispose?(): Promise<void>;
};

/**
 * Builds a fresh subject over a world seeded with `world` (the suite's
 * fixtures), once per test.
 *
 * @example
 * ```ts
 * const factory: SubjectFactory<CmdbWorld, CmdbSubject> = async (world) => seedServiceNow(world.configurationItems);
 * ```
 */
export type SubjectFactory<World, Subject> = (world: World) => Subject | Promise<Subject>;

/** Builds a subject for `world`, runs `body`, and always disposes of it. */
export async function withSubject<World, Subject extends { dispose?(): Promise<void> }>(
  factory: SubjectFactory<World, Subject>,
  world: World,
  body: (subject: Subject) => Promise<void>,
): Promise<void> {
  const subject = await factory(world);
  try {
    await body(subject);
  } finally {
    await subject.dispose?.();
  }
}

/** The ports of a subject (its oracle and `dispose` left out), as handlers see them in `context.ports`. */
export function portsOf(subject: Providers & { readonly oracle: unknown }): Providers {
  const ports: Record<string, unknown> = {};
  for (const [name, port] of Object.entries(subject)) if (name !== 'oracle' && name !== 'dispose') ports[name] = port;
  return ports as Providers;
}

/** A handler context over the subject's ports, as the engine builds it. */
export function contextOf(subject: Providers & { readonly oracle: unknown }, action: Action): HandlerContext {
  return handlerContext(portsOf(subject), action);
}
