import { createEngine, decommissionChecklist, memoryJournal, type RunReport } from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const approve = () => true;
const NOW = '2026-12-16T00:00:00Z';

async function runWith(seed: FakeCloudSeed, workload = standardWorkload()) {
  const cloud = createFakeCloud(seed);
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
  return { cloud, engine, plan, run };
}

const step = (run: RunReport, id: string) =>
  run.items.flatMap((item) => item.steps).find((candidate) => candidate.id === id);

describe('standard steps, one at a time', () => {
  it('confirm-deletion tolerates AWS Config lag until a day after the delete date, then says to investigate', async () => {
    const { cloud, engine, run } = await runWith({
      ...standardSeed('2026-12-15T06:00:00Z'),
      configLagMinutes: 3 * 24 * 60,
    });
    expect(step(run, 'confirm-deletion')?.reason).toMatch(
      /AWS Config has not recorded the deletion of .* yet \(it lags\); resume later/,
    );
    cloud.clock.set('2026-12-17T00:00:01Z');
    const later = (await engine.resume(run.runId, { approve }))._unsafeUnwrap();
    expect(step(later, 'confirm-deletion')?.reason).toMatch(
      /AWS Config has not recorded the deletion of .* more than 24 h after the delete date: investigate/,
    );
    cloud.clock.set('2026-12-20T00:00:00Z');
    const settled = (await engine.resume(run.runId, { approve }))._unsafeUnwrap();
    expect(step(settled, 'confirm-deletion')?.status).toBe('verified');
  });

  it('final-backups takes native snapshots instead of AWS Backup jobs when the workload says so', async () => {
    const base = standardWorkload();
    const native = { ...base, backups: { ...base.backups, method: 'native' as const } };
    const { run, cloud, plan } = await runWith(standardSeed(NOW), native);
    const backups = plan.steps.find((candidate) => candidate.id === 'final-backups')?.actions ?? [];
    expect(backups.length).toBeGreaterThan(0);
    expect(backups.every((action) => action.params.method === 'native')).toBe(true);
    expect(cloud.calls.of('StartBackupJob')).toEqual([]);
    expect(cloud.calls.of('CreateSnapshots').length + cloud.calls.of('CreateDBSnapshot').length).toBeGreaterThan(0);
    expect(step(run, 'final-backups')?.status).toBe('verified');
  });

  it('retire-resources never deletes a backup decomkit took, even when the selector matches it', async () => {
    const seed = standardSeed(NOW);
    const ownBackup = {
      id: 'snap-own',
      volumeId: 'vol-web1',
      tags: { workload: 'payments', 'decomkit:action': 'earlier' },
    };
    const { run, cloud, plan } = await runWith({
      ...seed,
      source: { ...seed.source, snapshots: [ownBackup] },
    });
    const findings = plan.steps.find((candidate) => candidate.id === 'retire-resources')?.findings ?? [];
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'decomkit-backup', resource: expect.stringContaining('snap-own') }),
    );
    expect(cloud.calls.of('DeleteSnapshot')).toEqual([]);
    expect(cloud.source.snapshots().map((snapshot) => snapshot.id)).toContain('snap-own');
    expect(run.items.find((item) => item.item === 'retire')?.checked).toBe(false);
  });

  it('retire-resources reports what the provider says blocks a resource (retireBlockers) as blocking findings, and never touches it', async () => {
    const seed = standardSeed(NOW);
    const tags = { workload: 'payments' };
    const { run, cloud, plan } = await runWith({
      ...seed,
      source: {
        ...seed.source,
        streams: [{ streamName: 'payments-audit', tags, consumers: ['audit'] }],
        stateMachines: [{ stateMachineName: 'payments-busy', tags, runningExecutions: 3 }],
      },
    });
    const findings = plan.steps.find((candidate) => candidate.id === 'retire-resources')?.findings ?? [];
    expect(findings).toContainEqual({
      severity: 'blocking',
      code: 'stream-has-consumers',
      message: expect.stringContaining('has 1 registered consumers (audit)'),
      resource: expect.stringContaining('stream/payments-audit'),
    });
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'running-executions', message: expect.stringContaining('3 running executions') }),
    );
    const targets = plan.steps.flatMap((step) => step.actions.map((action) => action.target.ref));
    expect(targets.filter((ref) => ref.includes('payments-audit') || ref.includes('payments-busy'))).toEqual([]);
    expect(cloud.calls.of('DeleteStream')).toEqual([]);
    expect(cloud.calls.of('DeleteStateMachine')).toEqual([]);
    expect(run.items.find((item) => item.item === 'retire')?.checked).toBe(false);
  });

  it('reset-ttl reports a DNS record that does not exist, and changes nothing', async () => {
    const seed = standardSeed(NOW);
    const { run, cloud } = await runWith({ ...seed, services: { ...seed.services, dnsRecords: [] } });
    expect(step(run, 'reset-ttl')?.findings.map((finding) => finding.code)).toEqual(['dns-record-missing']);
    expect(run.items.find((item) => item.item === 'ttl')?.checked).toBe(false);
    expect(cloud.calls.of('ChangeResourceRecordSets')).toEqual([]);
  });

  it('export-assessment blocks its item when no Well-Architected workload has the workload name', async () => {
    const seed = standardSeed(NOW);
    const { run } = await runWith({ ...seed, services: { ...seed.services, wellArchitected: [] } });
    expect(step(run, 'export-assessment')?.findings.map((finding) => finding.code)).toEqual(['no-assessment']);
    expect(run.items.find((item) => item.item === 'backups')?.checked).toBe(false);
  });

  it('finalize-cutover waits while replication lags, and stops it once caught up', async () => {
    const seed = standardSeed(NOW);
    const lagging = {
      ...seed,
      services: {
        ...seed.services,
        replicationTasks: [
          {
            arn: 'arn:aws:dms:eu-west-1:111122223333:task:payments-cdc',
            tags: { workload: 'payments' },
            lagSeconds: 42,
          },
        ],
      },
    };
    const { run, cloud } = await runWith(lagging);
    const stop = step(run, 'finalize-cutover')?.actions[0];
    expect(stop?.status).toBe('waiting');
    expect(stop?.reason).toContain('lag 42 s');
    expect(cloud.calls.of('StopReplicationTask')).toEqual([]);
    // Nothing is deleted while the cutover is not verified.
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });

  it('confirm-cutover-traffic stays open when Azure served nothing', async () => {
    const seed = standardSeed(NOW);
    const { run, cloud } = await runWith({ ...seed, services: { ...seed.services, azureMetrics: [] } });
    expect(step(run, 'confirm-cutover-traffic')?.reason).toContain('the Azure target served no requests');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('confirm-cutover-traffic keeps the item open when a running instance reported no datapoint: unmeasured is not zero', async () => {
    const seed = standardSeed(NOW);
    const web2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';
    const metrics = (seed.services?.metrics ?? []).filter((series) => series.resource !== web2);
    const { run, cloud } = await runWith({ ...seed, services: { ...seed.services, metrics } });
    const reason = step(run, 'confirm-cutover-traffic')?.reason ?? '';
    expect(reason).toContain(`no CloudWatch datapoints over 72 h from ${web2} (running)`);
    expect(reason).toContain('the traffic was not measured');
    expect(step(run, 'finalize-cutover')?.status).not.toBe('verified');
    expect(cloud.calls.mutating()).toEqual([]);

    // Once the instance is stopped, its silence is expected: the evidence says so instead of claiming a zero.
    const stopped = standardSeed(NOW);
    const instances = (stopped.source?.instances ?? []).map((instance) =>
      instance.id === 'i-web2' ? { ...instance, state: 'stopped' as const } : instance,
    );
    const quiet = await runWith({
      ...stopped,
      source: { ...stopped.source, instances },
      services: { ...stopped.services, metrics },
    });
    const cutover = step(quiet.run, 'confirm-cutover-traffic');
    expect(cutover?.status).toBe('verified');
    expect(cutover?.evidence?.summary).toContain('1 of them reported no datapoint');
    expect(cutover?.evidence?.details).toMatchObject({ silent: [web2] });
  });

  it('clean-up-artifacts fails, naming why, when the CMDB has no retired status choice', async () => {
    const seed = standardSeed(NOW);
    const { cloud, engine, run } = await runWith({
      ...seed,
      services: {
        ...seed.services,
        cmdb: { statusChoices: [{ value: '1', label: 'Installed' }], items: [{ id: 'ci-aws-payments' }] },
      },
    });
    cloud.clock.advance(3_600_000);
    const later = (await engine.resume(run.runId, { approve }))._unsafeUnwrap();
    const retire = step(later, 'clean-up-artifacts')?.actions.find((record) => record.action.kind === 'cmdb.retire');
    expect(retire?.status).toBe('failed');
    expect(retire?.reason).toContain('no "Retired" install_status choice');
  });
});
