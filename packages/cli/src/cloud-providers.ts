import { dirname, resolve } from 'node:path';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { type AccessToken, DefaultAzureCredential, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { awsSource } from '@decomkit/aws';
import { AZURE_CLOUDS, type AzureCloud, azureDns, azureTarget } from '@decomkit/azure';
import { type ServiceNowAuth, serviceNowCmdb, webhookCmdb } from '@decomkit/cmdb';
import {
  type CmdbPort,
  composeProviders,
  type DecomError,
  decomError,
  dnsByProvider,
  err,
  type InputIssue,
  ok,
  type PortMap,
  type Result,
  type StandardPorts,
  type Workload,
} from '@decomkit/core';
import { folderArtifactsPort } from './folder-artifacts-port.js';
import type { CloudProvidersConfig } from './providers-config.js';

/** How secrets named in the file are read. */
export interface SecretReading {
  /** The environment the named variables are read from. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /**
   * `required` (plan, apply, resume): a variable not set is bad input naming it.
   * `unused` (status, report: they read the journal only): a variable not set
   * leaves the CMDB port unable to authenticate, and nothing calls it.
   */
  readonly mode: 'required' | 'unused';
}

/**
 * The real providers of a `kind: cloud` workload file, composed: the AWS
 * source (`awsSource`, the SDK's default credential chain or `aws.profile`),
 * the Azure target (`azureTarget`, `DefaultAzureCredential`), Route 53 and
 * Azure DNS joined by `dnsByProvider`, the CMDB (ServiceNow or webhook, its
 * secret read from the environment variable the file names) and the artifact
 * store (Azure Blob `azure.archive`, or the folder `artifacts.directory`,
 * relative to the workload file). Nothing of the fake cloud is ever part of
 * it. Building it calls nothing: clients and credentials are made on first use.
 *
 * @example
 * ```ts
 * const providers = cloudProviders(file.providers, file, { environment: process.env, mode: 'required' });
 * ```
 */
export function cloudProviders(
  config: CloudProvidersConfig,
  file: { readonly path: string; readonly workload: Workload },
  secrets: SecretReading,
): Result<Pick<PortMap, StandardPorts | 'identity'>, DecomError> {
  const workloadPath = file.path;
  // The target is read in one subscription: reading another than the workload's could confirm a cutover falsely.
  if (config.azure.subscriptionId.toLowerCase() !== file.workload.target.subscriptionId.toLowerCase())
    return err(
      decomError.invalidInput("providers.azure.subscriptionId is not the workload's target subscription", [
        {
          path: 'providers.azure.subscriptionId',
          message: `${config.azure.subscriptionId} is not workload.target.subscriptionId ${file.workload.target.subscriptionId}`,
        },
      ]),
    );
  const cmdb = cmdbOf(config.cmdb, secrets);
  if (cmdb.isErr()) return err(cmdb.error);
  if (config.azure.archive === undefined && config.artifacts === undefined)
    return err(
      decomError.invalidInput('providers: a cloud run needs somewhere to keep its evidence', [
        {
          path: 'providers.artifacts',
          message: 'give artifacts.directory (a folder) or azure.archive (a Blob container)',
        },
      ]),
    );
  if (config.azure.archive !== undefined && config.artifacts !== undefined)
    return err(
      decomError.invalidInput('providers: the evidence is kept in one place', [
        { path: 'providers.artifacts', message: 'give artifacts.directory or azure.archive, not both' },
      ]),
    );
  // The SDK reads AWS_ENDPOINT_URL too; given to awsSource, S3 is addressed by path and Kinesis over HTTP/1.1,
  // as an emulator needs.
  const endpoint = config.aws.endpoint ?? secrets.environment.AWS_ENDPOINT_URL;
  const { dns: route53, ...source } = awsSource({
    regions: config.aws.regions,
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(config.aws.profile === undefined ? {} : { credentials: defaultProvider({ profile: config.aws.profile }) }),
  });
  const cloud = azureCloudOf(config.azure);
  const credential = lazyAzureCredential(cloud, config.azure.tenantId);
  const azure = { subscriptionId: config.azure.subscriptionId, cloud, credential };
  const { artifacts: archive, ...target } = azureTarget({
    ...azure,
    ...(config.azure.archive === undefined ? {} : { archive: config.azure.archive }),
  });
  const folder = config.artifacts?.directory;
  return composeProviders(source, target, {
    artifacts: archive ?? folderArtifactsPort(resolve(dirname(workloadPath), folder ?? '.')),
    dns: dnsByProvider({ route53, azure: azureDns(azure) }),
    cmdb: cmdb.value,
  });
}

function cmdbOf(config: CloudProvidersConfig['cmdb'], secrets: SecretReading): Result<CmdbPort, DecomError> {
  if (config.kind === 'webhook') {
    return secretOf(secrets, config.secretEnv, 'providers.cmdb.secretEnv').map((secret) =>
      webhookCmdb({ url: config.url, secret }),
    );
  }
  const auth = serviceNowAuthOf(config.auth, secrets);
  if (auth.isErr()) return err(auth.error);
  const tables = {
    ...(config.ciTable === undefined ? {} : { ci: config.ciTable }),
    ...(config.reviewTable === undefined ? {} : { review: config.reviewTable }),
  };
  return ok(serviceNowCmdb({ instance: config.instance, auth: auth.value, tables }));
}

function serviceNowAuthOf(
  auth: Extract<CloudProvidersConfig['cmdb'], { kind: 'servicenow' }>['auth'],
  secrets: SecretReading,
): Result<ServiceNowAuth, DecomError> {
  const field = 'providers.cmdb.auth';
  if (auth.kind === 'basic')
    return secretOf(secrets, auth.passwordEnv, `${field}.passwordEnv`).map((password) => ({
      kind: 'basic' as const,
      username: auth.username,
      password,
    }));
  if (auth.kind === 'oauth-client-credentials')
    return secretOf(secrets, auth.clientSecretEnv, `${field}.clientSecretEnv`).map((clientSecret) => ({
      kind: 'oauth-client-credentials' as const,
      clientId: auth.clientId,
      clientSecret,
    }));
  return secretOf(secrets, auth.tokenEnv, `${field}.tokenEnv`).map((token) => ({
    kind: 'bearer' as const,
    token: () => token,
  }));
}

/** The value of the environment variable `name`, or bad input naming it (never its value). */
function secretOf(secrets: SecretReading, name: string, field: string): Result<string, DecomError> {
  const value = secrets.environment[name];
  if (value !== undefined && value !== '') return ok(value);
  if (secrets.mode === 'unused') return ok('');
  const issue: InputIssue = { path: field, message: `the environment variable ${name} is not set` };
  return err(decomError.invalidInput(`the environment variable ${name} (${field}) is not set`, [issue]));
}

function azureCloudOf(config: CloudProvidersConfig['azure']): AzureCloud {
  const cloud = AZURE_CLOUDS[config.cloud];
  return config.endpoint === undefined ? cloud : { ...cloud, resourceManager: config.endpoint.replace(/\/+$/, '') };
}

/** `DefaultAzureCredential` for `cloud` (and `tenantId`), built on the first token asked: building reads nothing. */
function lazyAzureCredential(cloud: AzureCloud, tenantId: string | undefined): TokenCredential {
  let built: TokenCredential | undefined;
  return {
    getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
      built ??= new DefaultAzureCredential({
        authorityHost: cloud.authorityHost,
        ...(tenantId === undefined ? {} : { tenantId }),
      });
      return built.getToken(scopes, options);
    },
  };
}
