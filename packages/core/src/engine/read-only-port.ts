/**
 * Wraps a port so steps cannot reach its action handlers while planning or
 * verifying: every change goes through a planned, journaled action.
 */
export function readOnlyPort<Port extends object>(port: Port): Port {
  return new Proxy(port, {
    get(target, property, receiver) {
      if (property === 'handlers') return undefined;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The ports a step needs, read-only. */
export function portsFor(providers: object, needs: readonly string[]): Record<string, unknown> {
  const ports: Record<string, unknown> = {};
  for (const name of needs) {
    const port = (providers as Record<string, unknown>)[name];
    ports[name] = port !== null && typeof port === 'object' ? readOnlyPort(port) : port;
  }
  return ports;
}
