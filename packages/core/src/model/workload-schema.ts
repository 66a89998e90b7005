import { z } from 'zod';
import { DEFAULT_RECENT_CALLER_DAYS } from './hidden-dependency.js';
import { tagRecordOf } from './tags.js';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'must be an AWS region such as eu-west-1');
const arn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, 'must be an ARN');
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO 8601 date (2026-12-01) or date-time with offset',
});
const name = z.string().trim().min(1, 'must not be empty').max(255);
const resourceType = z
  .string()
  .regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'must be a type such as AWS::EC2::Instance');

/** The default regression threshold of every baseline figure, in percent. */
export const DEFAULT_REGRESSION_PERCENT = 20;
const DEFAULT_REGRESSION_PERCENTS = {
  latency: DEFAULT_REGRESSION_PERCENT,
  requests: DEFAULT_REGRESSION_PERCENT,
  cpu: DEFAULT_REGRESSION_PERCENT,
  memory: DEFAULT_REGRESSION_PERCENT,
};
const regressionPercent = z.number().min(0).max(1000).default(DEFAULT_REGRESSION_PERCENT);

/**
 * Selector tags. Not `z.record`: it copies onto a plain object by assignment,
 * which silently drops a `__proto__` key (a legal AWS tag key) and so widens
 * the selector. Every own key is checked and kept, on a null prototype.
 */
const selectorTags = z
  .custom<Readonly<Record<string, string>>>(
    (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
    { error: 'must be an object of tag key to value' },
  )
  .transform((value, context) => {
    const entries: [string, string][] = [];
    for (const key of Object.keys(value)) {
      const tagValue: unknown = (value as Record<string, unknown>)[key];
      if (key.length < 1 || key.length > 128) {
        context.addIssue({ code: 'custom', path: [key], message: 'tag keys must be 1 to 128 characters' });
      } else if (typeof tagValue !== 'string' || tagValue.length > 256) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'tag values must be strings of at most 256 characters',
        });
      } else {
        entries.push([key, tagValue]);
      }
    }
    return tagRecordOf(entries);
  });

/** How long a backup may run before its `backup.create` action fails, when the workload does not say. */
export const DEFAULT_BACKUP_TIMEOUT_HOURS = 24;

const selector = z
  .strictObject({
    tags: selectorTags.optional(),
    stacks: z.array(name).optional(),
    arns: z.array(arn).optional(),
  })
  .refine(
    (value) => Object.keys(value.tags ?? {}).length + (value.stacks?.length ?? 0) + (value.arns?.length ?? 0) > 0,
    {
      error: 'select needs at least one tag, stack or ARN: an empty selector would match everything',
    },
  );

const source = z.strictObject({
  accountId,
  regions: z.array(region).min(1, 'at least one region is required'),
  select: selector,
});

const target = z
  .strictObject({
    subscriptionId: z.guid({ error: 'must be an Azure subscription id (a GUID)' }),
    resourceGroups: z.array(name).optional(),
    resourceGraphQuery: z.string().min(1).optional(),
  })
  .refine((value) => (value.resourceGroups?.length ?? 0) > 0 || value.resourceGraphQuery !== undefined, {
    error: 'target needs resourceGroups or a resourceGraphQuery',
  });

const dnsRecord = z.strictObject({
  zone: z.string().regex(/^([a-z0-9-]+\.)*[a-z0-9-]+\.?$/i, 'must be a DNS zone name'),
  name: name,
  type: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'NS', 'PTR', 'CAA']),
  originalTtl: z.int().min(0).max(2_147_483_647),
  provider: z.enum(['route53', 'azure']).default('route53'),
});

/** How a data-holding resource may be emptied before its delete (see `ResourcePolicy.emptyContents`). */
const EMPTY_CONTENTS_MODES = ['delete-versions', 'expire-by-lifecycle'] as const satisfies readonly EmptyContentsMode[];

/** Per-type policy schema (see {@link ResourcePolicy}). */
export const resourcePolicySchema = z.strictObject({
  backup: z.enum(['required', 'none']).default('required'),
  liftProtection: z.boolean().default(false),
  /**
   * Whether a resource that still holds data is emptied before its delete
   * (an S3 bucket's every version and delete marker): absent, it never is
   * and its delete is refused. `'delete-versions'` removes them in batches;
   * `'expire-by-lifecycle'` sets a rule that expires everything and deletes
   * once empty (for very large buckets). Either only after the resource's
   * backup, as any delete of a data-holding type.
   */
  emptyContents: z.enum(EMPTY_CONTENTS_MODES).optional(),
});

/**
 * One resource, or every resource of a type, that stays on purpose: why, and
 * who approved it. In a workload's `exceptions`, or recorded during a run
 * (`resume(runId, { exceptions })`). Or, in the workload only, a hidden
 * dependent (`dependent`) accepted: whatever depends on an in-scope resource
 * that way may break when the resource is retired.
 */
export const workloadExceptionSchema = z
  .strictObject({
    arn: arn.optional(),
    type: resourceType.optional(),
    /** A hidden dependent accepted: the in-scope resource it depends on is retired all the same (see `HiddenDependency.dependent`). */
    dependent: name.optional(),
    reason: name,
    approvedBy: name,
  })
  .refine((value) => [value.arn, value.type, value.dependent].filter((field) => field !== undefined).length === 1, {
    error: 'give exactly one of arn, type or dependent',
  });

/** The zod schema behind {@link defineWorkload}; exported for tools that render forms or JSON Schema. */
export const workloadSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (max 63)'),
    source,
    target,
    dns: z.array(dnsRecord).default([]),
    cmdb: z
      .strictObject({
        ciIds: z.array(name).min(1),
        azureCiIds: z.array(name).default([]),
      })
      .optional(),
    sunset: z
      .strictObject({ stopAt: instant, deleteAt: instant })
      .refine((value) => Date.parse(value.deleteAt) >= Date.parse(value.stopAt), {
        error: 'deleteAt must not be before stopAt',
        path: ['deleteAt'],
      }),
    backups: z.strictObject({
      vault: name.optional(),
      retainDays: z.int().min(1).max(36_500),
      /** How backups are taken: AWS Backup jobs or native snapshots; the provider's default when absent. */
      method: z.enum(['aws-backup', 'native']).optional(),
      /** How long a backup may stay unfinished before its action fails (TimedOut); default 24. */
      timeoutHours: z
        .number()
        .positive()
        .max(24 * 30)
        .default(DEFAULT_BACKUP_TIMEOUT_HOURS),
    }),
    /**
     * Resources that stay on purpose (shared with another workload, kept for a
     * legal hold): one ARN, or every resource of a type. They are never
     * touched, and the report lists each with its reason and approver.
     */
    exceptions: z.array(workloadExceptionSchema).default([]),
    /**
     * The hidden-dependency checks of the retire step: how many days of
     * CloudTrail to read for callers outside the workload (0 skips that check).
     */
    hiddenDependencies: z
      .strictObject({ recentCallerDays: z.int().min(0).max(90).default(DEFAULT_RECENT_CALLER_DAYS) })
      .default({ recentCallerDays: DEFAULT_RECENT_CALLER_DAYS }),
    policies: z.record(resourceType, resourcePolicySchema).default({}),
    cutover: z
      .strictObject({
        windowHours: z
          .number()
          .positive()
          .max(24 * 90)
          .default(72),
        sourceRequestThreshold: z.number().min(0).default(0),
        /**
         * When the traffic moved to Azure. The baseline compares the Azure
         * figures with the AWS workload's own over an equal window before it;
         * without it, no regression is measured (and the baseline says so).
         */
        completedAt: instant.optional(),
      })
      .default({ windowHours: 72, sourceRequestThreshold: 0 }),
    baseline: z
      .strictObject({
        /**
         * How much worse than on AWS a figure may be before it is reported as
         * a regression, in percent: latency and CPU / memory higher, requests
         * per second lower. Each figure can have its own threshold.
         */
        regressionPercent: z
          .strictObject({
            latency: regressionPercent,
            requests: regressionPercent,
            cpu: regressionPercent,
            memory: regressionPercent,
          })
          .default(DEFAULT_REGRESSION_PERCENTS),
      })
      .default({ regressionPercent: DEFAULT_REGRESSION_PERCENTS }),
    guards: z
      .strictObject({
        deniedAccounts: z.array(accountId).default([]),
        requiredAccountAlias: name.optional(),
      })
      .default({ deniedAccounts: [] }),
  })
  .superRefine((value, context) => {
    if (value.guards.deniedAccounts.includes(value.source.accountId)) {
      context.addIssue({
        code: 'custom',
        path: ['guards', 'deniedAccounts'],
        message: `the workload's own account ${value.source.accountId} is on its deny list`,
      });
    }
    const seen = new Set<string>();
    value.dns.forEach((record, index) => {
      const id = `${normalDnsName(record.zone)}|${normalDnsName(record.name)}|${record.type}`;
      if (seen.has(id)) {
        context.addIssue({
          code: 'custom',
          path: ['dns', index],
          message: `duplicate DNS record ${record.name} ${record.type}`,
        });
      }
      seen.add(id);
    });
  });

/** DNS names are case-insensitive, and `example.com.` is `example.com`. */
function normalDnsName(dnsName: string): string {
  return dnsName.toLowerCase().replace(/\.$/, '');
}

/** What a user writes: the input of {@link defineWorkload}. Defaults are filled in. */
export type WorkloadInput = z.input<typeof workloadSchema>;
/** A validated workload with every default filled in. */
export type Workload = z.output<typeof workloadSchema>;
/** A workload exception (see {@link workloadExceptionSchema}). */
export type WorkloadException = z.output<typeof workloadExceptionSchema>;
/** A DNS record whose TTL is restored by the reset-ttl step. */
export type DnsRecordSpec = Workload['dns'][number];
/** Per-type policy: backup required or explicitly none; whether protection may be lifted. */
export type ResourcePolicy = z.output<typeof resourcePolicySchema>;
/** How a data-holding resource may be emptied before its delete: see {@link ResourcePolicy} `emptyContents`. */
export type EmptyContentsMode = 'delete-versions' | 'expire-by-lifecycle';
/** The selector of what is in scope on the source side. */
export type SourceSelector = Workload['source']['select'];
