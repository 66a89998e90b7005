import { z } from 'zod';

/**
 * The `providers` section of a workload file. `fake`: decomkit's in-memory
 * cloud, seeded with the demo world (`seed: demo`), nothing (`seed: empty`)
 * or a seed file (a `FakeCloudSeed` as JSON or YAML, relative to the
 * workload file); its state is kept in the state directory between commands,
 * so `plan`, `apply` and `resume` act on one world. `now` sets its clock
 * when the world is made (default: the seed's own).
 */
export const providersConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fake'),
    seed: z.string().min(1).default('demo'),
    now: z.iso.datetime({ offset: true }).optional(),
  }),
  z.strictObject({
    kind: z.literal('cloud'),
    aws: z.strictObject({ regions: z.array(z.string().min(1)).min(1) }),
    azure: z.strictObject({ subscriptionId: z.string().min(1) }).optional(),
    cmdb: z.unknown().optional(),
  }),
]);

/** A parsed `providers` section. */
export type ProvidersConfig = z.output<typeof providersConfigSchema>;
