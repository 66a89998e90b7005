/**
 * `@decomkit/fake`: an in-memory cloud that implements decomkit's ports with
 * AWS's semantics, a controllable clock, a call log and fault injection. Use it
 * to unit-test your decommission automation.
 *
 * @example
 * ```ts
 * import { createFakeCloud } from '@decomkit/fake';
 * const cloud = createFakeCloud({ source: { instances: [{ id: 'i-1', tags: { workload: 'payments' } }] } });
 * ```
 * @packageDocumentation
 */
export { CallLog, type FakeCall } from './call-log.js';
export { createFakeCloud, type FakeCloud, type FakeProviders, restoreFakeCloud } from './create-fake-cloud.js';
export { FakeClock } from './fake-clock.js';
export { type FaultRule, Faults } from './faults.js';
export { EC2_INSTANCE, instanceIdOf, instanceResource } from './providers/fake-resources.js';
export { seededRandom } from './random.js';
export type { FakeCloudSeed, InstanceSeed } from './seed.js';
export type { FakeArtifact, FakeBackupJob, FakeInstance, FakeRecoveryPoint, WorldState } from './world.js';
