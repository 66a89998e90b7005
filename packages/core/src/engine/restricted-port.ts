/**
 * The port methods that change the world. Steps never get them: every change
 * a step wants goes through a planned, journaled action. Handlers may use
 * them on other ports (an export written to the artifact store).
 */
const MUTATING_METHODS: ReadonlySet<PropertyKey> = new Set(['put']);

/** Who the view is for: steps see reads only; handlers see every method but no other port's handlers. */
export type PortAudience = 'step' | 'handler';

/** Wraps a port for `audience`: handlers are always hidden; mutating methods are hidden from steps. */
export function restrictedPort<Port extends object>(port: Port, audience: PortAudience): Port {
  return new Proxy(port, {
    get(target, property, receiver) {
      if (property === 'handlers') return undefined;
      if (audience === 'step' && MUTATING_METHODS.has(property)) return undefined;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The named ports, restricted for `audience`. */
export function portsFor(providers: object, names: readonly string[], audience: PortAudience): Record<string, unknown> {
  const ports: Record<string, unknown> = {};
  for (const name of names) {
    const port = (providers as Record<string, unknown>)[name];
    ports[name] = port !== null && typeof port === 'object' ? restrictedPort(port, audience) : port;
  }
  return ports;
}
