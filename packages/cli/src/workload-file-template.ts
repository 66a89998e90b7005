import { demoWorkloadInput } from '@decomkit/fake';
import { stringify } from 'yaml';

/**
 * A commented workload file. `demo`: the fake cloud's demo world and its
 * workload, ready to plan; `empty`: the same fields to fill in, on an empty
 * fake cloud.
 */
export function workloadFileTemplate(world: 'demo' | 'empty'): string {
  const workload =
    world === 'demo'
      ? demoWorkloadInput()
      : {
          id: 'my-workload',
          source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'my-workload' } } },
          target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-my-workload'] },
          sunset: { stopAt: '2027-01-15', deleteAt: '2027-02-01' },
          backups: { vault: 'Default', retainDays: 365 },
        };
  return `# decomkit workload file: what to decommission, and where.
# Check it with \`decomkit plan --workload <this file>\` (nothing is changed by a plan);
# its JSON Schema is \`decomkit schema\`.
#
# workload: the fields of defineWorkload (docs/getting-started.md):
#   id                 a name for the workload (runs and reports carry it)
#   source             the AWS account, regions, and how resources are selected (tags, stacks, arns)
#   target             the Azure subscription and resource groups the workload moved to
#   sunset             stopAt: when instances may be stopped (the scream test); deleteAt: when deletion may start
#   backups            the AWS Backup vault and how many days final backups are kept
#   policies, dns, cmdb, exceptions, guards: optional (see the schema)
${stringify({ workload }, { lineWidth: 0 })}
# providers: where decomkit reads and acts.
#   kind: fake         decomkit's in-memory cloud (seed: demo | empty | a seed file); its world is kept in the
#                      state directory (--dir, default .decomkit) between commands
#   kind: cloud        the real clouds (packages/cli/README.md), credentials never in this file:
#     aws:             regions: [eu-west-1], profile (optional); the AWS SDK's default credential chain
#     azure:           subscriptionId, tenantId (optional), cloud: public | usGovernment | china;
#                      DefaultAzureCredential (environment, managed identity, Azure CLI…)
#     cmdb:            kind: servicenow (instance, auth: { kind: basic, username, passwordEnv: SERVICENOW_PASSWORD })
#                      or kind: webhook (url, secretEnv: CMDB_WEBHOOK_SECRET): each secret is read from the
#                      environment variable named here; one not set stops the command (exit 64)
#     artifacts:       directory: evidence (a folder, relative to this file), or azure.archive (a Blob container)
${stringify({ providers: { kind: 'fake', seed: world } }, { lineWidth: 0 })}`;
}
