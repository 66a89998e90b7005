/**
 * decomkit on Temporal: plans of many workloads, across many accounts, run as durable workflows.
 *
 * @packageDocumentation
 */
export { type DecomkitSearchAttributeKey, TEMPORAL_SEARCH_ATTRIBUTES } from './search-attributes.js';
