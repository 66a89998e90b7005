import type { InputIssue } from '../errors/decom-error.js';
import { REQUIRED_PORT_METHODS } from '../spec/providers.js';
import { PORT_SPECIFICATION_VERSION } from '../spec/specification-version.js';

/** Ports that are not `PortBase`s: the clock is a source of time, with no contract version. */
const UNVERSIONED_PORTS: ReadonlySet<string> = new Set(['clock']);

/**
 * Why the engine refuses a port's `specificationVersion`, or null when it is
 * this core's {@link PORT_SPECIFICATION_VERSION}. Every built-in port (but
 * the clock) and every port that carries handlers must say which contract it
 * was built for: a provider built for another one would misread the actions
 * it is given, and this tool deletes production, so it is refused at once.
 */
export function portVersionIssue(name: string, port: object): InputIssue | null {
  const builtIn = Object.hasOwn(REQUIRED_PORT_METHODS, name) && !UNVERSIONED_PORTS.has(name);
  if (!builtIn && (port as { handlers?: unknown }).handlers === undefined) return null;
  const version: unknown = (port as { specificationVersion?: unknown }).specificationVersion;
  if (version === PORT_SPECIFICATION_VERSION) return null;
  const found =
    version === undefined
      ? 'no specificationVersion'
      : `specificationVersion ${typeof version === 'string' ? JSON.stringify(version) : `of type ${typeof version}`}`;
  return {
    path: `providers.${name}.specificationVersion`,
    message: `the "${name}" port has ${found}; this engine implements "${PORT_SPECIFICATION_VERSION}"`,
  };
}
