import { z } from 'zod';

/** The name of an environment variable that holds a secret (the file names it; it never holds the secret). */
const environmentVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable (letters, digits, _), not its value');

const fakeProvidersSchema = z.strictObject({
  kind: z.literal('fake'),
  seed: z.string().min(1).default('demo'),
  now: z.iso.datetime({ offset: true }).optional(),
});

/** AWS: the SDK's default credential chain (environment, `profile`, SSO, web identity, IMDS). */
const awsSchema = z.strictObject({
  /** The regions the providers work in (the first is home: STS, IAM); the workload's own say which are read. */
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region, e.g. eu-west-1')).min(1),
  /** A named profile of the shared config files (`~/.aws/config`); the chain's default (AWS_PROFILE) otherwise. */
  profile: z.string().min(1).optional(),
  /**
   * One endpoint for every AWS service: an emulator (moto_server) or a test server. `AWS_ENDPOINT_URL`
   * in the environment does the same when this is absent.
   */
  endpoint: z.url().optional(),
});

/** Azure: `DefaultAzureCredential` (environment, workload identity, managed identity, Azure CLI…). */
const azureSchema = z.strictObject({
  /** The subscription the target lives in: the workload's `target.subscriptionId`, no other. */
  subscriptionId: z.guid('a subscription id (a GUID)'),
  /** The Microsoft Entra tenant the credential authenticates in; the credential's default otherwise. */
  tenantId: z.string().min(1).optional(),
  /** The Azure cloud: `public` (default), `usGovernment` or `china`. */
  cloud: z.enum(['public', 'usGovernment', 'china']).default('public'),
  /**
   * Another Azure Resource Manager endpoint (Resource Graph, DNS, Advisor): for a test server or a
   * sovereign cloud decomkit does not list. The token scope follows it.
   */
  endpoint: z.url({ protocol: /^https$/, error: 'an https:// URL' }).optional(),
  /** Archive the run's evidence in this Blob container (never overwritten) instead of `artifacts.directory`. */
  archive: z.strictObject({ accountUrl: z.url({ protocol: /^https$/ }), container: z.string().min(3) }).optional(),
});

const serviceNowAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('basic'), username: z.string().min(1), passwordEnv: environmentVariable }),
  z.strictObject({
    kind: z.literal('oauth-client-credentials'),
    clientId: z.string().min(1),
    clientSecretEnv: environmentVariable,
  }),
  z.strictObject({ kind: z.literal('bearer'), tokenEnv: environmentVariable }),
]);

/** The CMDB: a ServiceNow instance (Table API) or a signed JSON webhook. */
const cmdbSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('servicenow'),
    /** The instance's origin, e.g. https://acme.service-now.com. */
    instance: z.url(),
    auth: serviceNowAuthSchema,
    /** The CI table (default `cmdb_ci`). */
    ciTable: z.string().min(1).optional(),
    /** The review table (default `task`). */
    reviewTable: z.string().min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal('webhook'),
    url: z.url(),
    /** The environment variable holding the shared HMAC key (at least 16 characters). */
    secretEnv: environmentVariable,
  }),
]);

const cloudProvidersSchema = z.strictObject({
  kind: z.literal('cloud'),
  aws: awsSchema,
  azure: azureSchema,
  cmdb: cmdbSchema,
  /** Where the run's evidence (baselines, exports, seals) is kept when Azure has no `archive`: a folder. */
  artifacts: z.strictObject({ directory: z.string().min(1) }).optional(),
});

/**
 * The `providers` section of a workload file.
 *
 * `kind: fake`: decomkit's in-memory cloud, seeded with the demo world
 * (`seed: demo`), nothing (`seed: empty`) or a seed file (a `FakeCloudSeed`
 * as JSON or YAML, relative to the workload file); its state is kept in the
 * state directory between commands, so `plan`, `apply` and `resume` act on
 * one world. `now` sets its clock when the world is made.
 *
 * `kind: cloud`: AWS (`aws.regions`, `aws.profile`; the SDK's default
 * credential chain), Azure (`azure.subscriptionId`, `tenantId`, `cloud`;
 * `DefaultAzureCredential`) and a CMDB (`servicenow` or `webhook`), with the
 * evidence in Azure Blob (`azure.archive`) or a folder (`artifacts.directory`).
 * No credential is ever in the file: a secret is named by the environment
 * variable that holds it (`passwordEnv: SERVICENOW_PASSWORD`). Nothing of the
 * fake cloud is ever mixed into a `cloud` run.
 */
export const providersConfigSchema = z.discriminatedUnion('kind', [fakeProvidersSchema, cloudProvidersSchema]);

/** A parsed `providers` section. */
export type ProvidersConfig = z.output<typeof providersConfigSchema>;

/** A parsed `providers` section of `kind: cloud`. */
export type CloudProvidersConfig = z.output<typeof cloudProvidersSchema>;
