/**
 * The version of the port contract (`PortBase`, the handlers' `ActionKinds`)
 * this core implements. Every port says which version it was built for in
 * `specificationVersion`; `createEngine` refuses any other, so a provider
 * built for another contract fails at once with an `InvalidInput` naming the
 * port, instead of misreading actions in production.
 *
 * @example
 * ```ts
 * const cmdb: CmdbPort = { specificationVersion: PORT_SPECIFICATION_VERSION, getItem, handlers };
 * ```
 */
export const PORT_SPECIFICATION_VERSION = 'decomkit-port-v1';
