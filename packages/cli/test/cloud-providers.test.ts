import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  downloadRecording,
  MOTO_ACCOUNT_ID,
  type MotoServer,
  startMotoServer,
} from '../../aws/test/support/moto-server.js';
import { LEGACY_CHOICES, startInstance, USER } from '../../cmdb/test/support/instances.js';
import type { TableApiServer } from '../../cmdb/test/support/table-api-server.js';
import { startWebhookReceiver } from '../../cmdb/test/support/webhook-receiver.js';
import { type AwsGapsProxy, startAwsGapsProxy } from './support/aws-gaps-proxy.js';
import { AZURE_TEST_TOKEN, type AzureHttpsServer, startAzureHttpsServer } from './support/azure-https-server.js';
import { runDecomkit, scratchDirectory } from './support/run-decomkit.js';

const REGION = 'eu-west-1';
const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const PASSWORD_VARIABLE = 'DECOMKIT_TEST_SERVICENOW_PASSWORD';
/** Dummy AWS credentials: moto accepts any, no real account can be reached with them. */
const AWS_TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: REGION,
};
/** Read-only AWS API actions by name; anything else counts as mutating (as the aws package's tests count). */
const READ_ONLY = /^(Describe|List|Get|Search|Lookup|Select|BatchGet|Head|GET |HEAD )/;

let moto: MotoServer;
let serviceNow: TableApiServer;
let proxy: AwsGapsProxy;
let azure: AzureHttpsServer;
let instanceId: string;

function writeWorkloadFile(cwd: string, providers: Record<string, unknown>): string {
  const workload = {
    id: 'payments',
    source: { accountId: MOTO_ACCOUNT_ID, regions: [REGION], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-payments'] },
    cmdb: { ciIds: ['CI-AWS'], azureCiIds: ['CI-AZURE'] },
    sunset: { stopAt: '2099-01-15', deleteAt: '2099-02-01' },
    backups: { vault: 'Default', retainDays: 365 },
  };
  const path = join(cwd, 'workload.yaml');
  writeFileSync(path, stringify({ workload, providers }));
  return path;
}

function cloudProviders(): Record<string, unknown> {
  return {
    kind: 'cloud',
    aws: { regions: [REGION] },
    azure: { subscriptionId: SUBSCRIPTION, endpoint: azure.endpoint },
    cmdb: {
      kind: 'servicenow',
      instance: serviceNow.url,
      auth: { kind: 'basic', username: USER.username, passwordEnv: PASSWORD_VARIABLE },
    },
    artifacts: { directory: 'evidence' },
  };
}

/** The child's environment: the standard chains of both SDKs find the emulators in it. */
function childEnv(): Record<string, string> {
  return {
    ...AWS_TEST_ENV,
    ...azure.childEnvironment,
    AWS_ENDPOINT_URL: proxy.endpoint,
    [PASSWORD_VARIABLE]: USER.password,
  };
}

async function mutatingAwsRequests() {
  return (await downloadRecording(moto.endpoint)).filter(
    (request) => request.action === null || !READ_ONLY.test(request.action),
  );
}

async function resetRecording(): Promise<void> {
  const reset = await fetch(`${moto.endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
  expect(reset.ok).toBe(true);
}

/** The requests that change something on the loopback Azure and ServiceNow. */
function targetWrites() {
  return [
    ...azure.requests.filter(
      (request) =>
        request.method !== 'GET' &&
        request.path !== '/providers/Microsoft.ResourceGraph/resources' &&
        request.path !== '/msi/token',
    ),
    ...serviceNow.writes(),
  ];
}

describe('decomkit with providers.kind cloud: AWS on moto_server, Azure and ServiceNow on loopback', () => {
  beforeAll(async () => {
    moto = await startMotoServer();
    serviceNow = await startInstance(LEGACY_CHOICES);
    azure = await startAzureHttpsServer();
    const ec2 = new EC2Client({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: AWS_TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_TEST_ENV.AWS_SECRET_ACCESS_KEY },
    });
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workload', Value: 'payments' }] }],
      }),
    );
    instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    ec2.destroy();
    // moto has no Well-Architected Tool: the proxy answers it (no workload reviewed), and forwards the rest.
    proxy = await startAwsGapsProxy(moto.endpoint, {
      wellarchitected: () => ({ status: 200, body: { WorkloadSummaries: [] } }),
    });
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await azure?.close();
    await serviceNow?.close();
    await moto?.stop();
  });

  it('plan reads AWS, Azure and ServiceNow through their standard credential chains and changes nothing', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, cloudProviders());
    await resetRecording();
    const run = await runDecomkit(cwd, ['plan'], { env: childEnv() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(instanceId);
    expect(run.stdout).toContain('Plan written to plan.json');
    const plan = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8')) as { inventory: { arn: string }[] };
    expect(plan.inventory.map((resource) => resource.arn)).toContain(
      `arn:aws:ec2:${REGION}:${MOTO_ACCOUNT_ID}:instance/${instanceId}`,
    );
    // It did read each cloud: AWS (moto's recording), Azure (with the managed identity's token), ServiceNow.
    const recorded = await downloadRecording(moto.endpoint);
    expect(recorded.map((request) => request.action)).toContain('GetCallerIdentity');
    expect(azure.requests.some((request) => request.path === '/providers/Microsoft.ResourceGraph/resources')).toBe(
      true,
    );
    expect(serviceNow.requests.length).toBeGreaterThan(0);
    expect(await mutatingAwsRequests()).toEqual([]);
    expect(targetWrites()).toEqual([]);
    expect(`${run.stdout}${run.stderr}${readFileSync(join(cwd, 'plan.json'), 'utf8')}`).not.toContain(AZURE_TEST_TOKEN);
    expect(`${run.stdout}${run.stderr}`).not.toContain(USER.password);
  }, 180_000);

  it('apply --yes --confirm-account <another account> is refused before any change: no run, no mutating call', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, cloudProviders());
    expect((await runDecomkit(cwd, ['plan'], { env: childEnv() })).status).toBe(0);
    await resetRecording();
    const before = targetWrites().length;
    const run = await runDecomkit(cwd, ['apply', 'plan.json', '--yes', '--confirm-account', '999999999999'], {
      env: childEnv(),
    });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain(
      `--confirm-account 999999999999 is not the account the providers act in: ${MOTO_ACCOUNT_ID}`,
    );
    // The account was read from the cloud (STS), and nothing else was asked of it.
    expect((await downloadRecording(moto.endpoint)).map((request) => request.action)).toEqual(
      expect.arrayContaining(['GetCallerIdentity']),
    );
    expect(await mutatingAwsRequests()).toEqual([]);
    expect(targetWrites()).toHaveLength(before);
    expect(existsSync(join(cwd, '.decomkit', 'journal'))).toBe(false);
  }, 180_000);

  it('apply with the right account runs on the real providers until the stop date; status, report and verify-journal read its journal', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, cloudProviders());
    expect((await runDecomkit(cwd, ['plan'], { env: childEnv() })).status).toBe(0);
    const applied = await runDecomkit(cwd, ['apply', 'plan.json', '--yes', '--confirm-account', MOTO_ACCOUNT_ID], {
      env: childEnv(),
    });
    expect(applied.status, applied.stderr).toBe(2);
    const runId = /run (payments-\S+): waiting/.exec(applied.stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
    // Before the stop date nothing is stopped or deleted.
    expect((await mutatingAwsRequests()).map((request) => request.action)).not.toEqual(
      expect.arrayContaining(['StopInstances', 'TerminateInstances']),
    );
    const withoutSecret = { ...childEnv(), [PASSWORD_VARIABLE]: undefined };
    const status = await runDecomkit(cwd, ['status'], { env: withoutSecret });
    expect(status.stdout).toContain(`${runId}  waiting`);
    const report = await runDecomkit(cwd, ['report', runId, '--format', 'json'], { env: withoutSecret });
    expect(JSON.parse(report.stdout)).toMatchObject({ kind: 'decomkit.run-report' });
    const verified = await runDecomkit(cwd, ['verify-journal', runId]);
    expect(verified.stdout).toContain('hash chain intact, seal matches');
    const journal = readFileSync(join(cwd, '.decomkit', 'journal', `${runId}.jsonl`), 'utf8');
    expect(journal).not.toContain(USER.password);
    expect(journal).not.toContain(AZURE_TEST_TOKEN);
    expect(existsSync(join(cwd, '.decomkit', 'fake-cloud.json'))).toBe(false);
  }, 400_000);

  it('plan with the webhook CMDB: its key read from the variable the file names, every request signed with it', async () => {
    const key = 'a-webhook-key-of-32-characters-xx';
    const receiver = await startWebhookReceiver(key, ['CI-AWS', 'CI-AZURE']);
    try {
      const cwd = scratchDirectory();
      writeWorkloadFile(cwd, {
        ...cloudProviders(),
        cmdb: { kind: 'webhook', url: receiver.url, secretEnv: 'DECOMKIT_TEST_WEBHOOK_KEY' },
      });
      const run = await runDecomkit(cwd, ['plan'], { env: { ...childEnv(), DECOMKIT_TEST_WEBHOOK_KEY: key } });
      expect(run.status, run.stderr).toBe(0);
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(receiver.received.every((message) => message.verified)).toBe(true);
      expect(receiver.writes()).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toContain(key);
    } finally {
      await receiver.close();
    }
  }, 180_000);

  it('a secret variable the file names but the environment lacks is bad input (64) naming it, before any call', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, cloudProviders());
    await resetRecording();
    const run = await runDecomkit(cwd, ['plan'], { env: { ...childEnv(), [PASSWORD_VARIABLE]: undefined } });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain(`the environment variable ${PASSWORD_VARIABLE}`);
    expect(run.stderr).toContain('providers.cmdb.auth.passwordEnv');
    expect(await downloadRecording(moto.endpoint)).toEqual([]);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(false);
    // status reads the journal only: it needs no secret.
    const status = await runDecomkit(cwd, ['status'], { env: { ...childEnv(), [PASSWORD_VARIABLE]: undefined } });
    expect(status.status, status.stderr).toBe(0);
  }, 180_000);
});

describe('the providers section of kind cloud is checked before anything is called', () => {
  it('names the line, column and field of a bad or missing provider field (64)', async () => {
    const cwd = scratchDirectory();
    const path = writeWorkloadFile(cwd, {
      kind: 'cloud',
      aws: { regions: ['eu-west-1'], colour: 'blue' },
      azure: { subscriptionId: 'not-a-guid' },
      cmdb: {
        kind: 'servicenow',
        instance: 'https://acme.service-now.com',
        auth: { kind: 'basic', username: 'u', passwordEnv: 'hunter2!' },
      },
      artifacts: { directory: 'evidence' },
    });
    const lines = readFileSync(path, 'utf8').split('\n');
    const line = (text: string) => lines.findIndex((candidate) => candidate.includes(text)) + 1;
    const run = await runDecomkit(cwd, ['plan']);
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/workload\.yaml:\d+:\d+ providers\.aws: .*colour/);
    expect(run.stderr).toMatch(
      new RegExp(`workload\\.yaml:${line('subscriptionId: not-a-guid')}:\\d+ providers\\.azure\\.subscriptionId`),
    );
    expect(run.stderr).toMatch(
      /workload\.yaml:\d+:\d+ providers\.cmdb\.auth\.passwordEnv: the name of an environment variable/,
    );
  });

  it('a cloud run without its target or its CMDB is bad input naming them: the fake is never mixed in', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, { kind: 'cloud', aws: { regions: ['eu-west-1'] } });
    const run = await runDecomkit(cwd, ['plan']);
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/providers\.azure: .*(required|expected object)/i);
    expect(run.stderr).toMatch(/providers\.cmdb: .*(required|expected|Invalid)/i);
  });

  it('a cloud run with nowhere to keep its evidence is bad input naming providers.artifacts', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, {
      kind: 'cloud',
      aws: { regions: ['eu-west-1'] },
      azure: { subscriptionId: SUBSCRIPTION },
      cmdb: { kind: 'webhook', url: 'https://cmdb.example.com/decomkit', secretEnv: 'CMDB_WEBHOOK_SECRET' },
    });
    const run = await runDecomkit(cwd, ['plan'], { env: { CMDB_WEBHOOK_SECRET: 'a-shared-key-of-32-characters-xx' } });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('providers.artifacts');
  });

  it('an Azure subscription other than the workload target is bad input (64): another one is never read', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, {
      kind: 'cloud',
      aws: { regions: ['eu-west-1'] },
      azure: { subscriptionId: '00000000-0000-4000-8000-000000000000' },
      cmdb: { kind: 'webhook', url: 'https://cmdb.example.com/decomkit', secretEnv: 'CMDB_WEBHOOK_SECRET' },
      artifacts: { directory: 'evidence' },
    });
    const run = await runDecomkit(cwd, ['plan'], { env: { CMDB_WEBHOOK_SECRET: 'a-shared-key-of-32-characters-xx' } });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain(
      `providers.azure.subscriptionId: 00000000-0000-4000-8000-000000000000 is not workload.target.subscriptionId ${SUBSCRIPTION}`,
    );
  });

  it('--fake-clock is refused on a real cloud (64)', async () => {
    const cwd = scratchDirectory();
    writeWorkloadFile(cwd, {
      kind: 'cloud',
      aws: { regions: ['eu-west-1'] },
      azure: { subscriptionId: SUBSCRIPTION },
      cmdb: { kind: 'webhook', url: 'https://cmdb.example.com/decomkit', secretEnv: 'CMDB_WEBHOOK_SECRET' },
      artifacts: { directory: 'evidence' },
    });
    const run = await runDecomkit(cwd, ['plan', '--fake-clock', '2027-01-01T00:00:00Z'], {
      env: { CMDB_WEBHOOK_SECRET: 'a-shared-key-of-32-characters-xx' },
    });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('--fake-clock is only for providers.kind fake');
  });
});
