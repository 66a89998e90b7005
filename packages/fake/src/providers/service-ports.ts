import {
  type ActionHandler,
  type AdvisorPort,
  type AdvisorRecommendation,
  type AssessmentPort,
  type CmdbPort,
  type CostsPort,
  type DecomError,
  type DnsPort,
  decomError,
  errAsync,
  type JsonObject,
  type MetricsPort,
  okAsync,
  type ReplicationPort,
  type ResultAsync,
  type TargetResourcesPort,
} from '@decomkit/core';
import type { FakeAzureDirectory } from '../services/azure-directory.js';
import type { FakeCmdb } from '../services/cmdb.js';
import type { FakeCostExplorer } from '../services/cost-explorer.js';
import type { FakeDms } from '../services/dms.js';
import type { FakeDnsZones, RecordAddress } from '../services/dns-zones.js';
import type { FakeMetricStore } from '../services/metric-store.js';
import type { FakeAzureResource } from '../services/services-state.js';
import type { FakeWellArchitected } from '../services/well-architected.js';
import { done } from './resource-kind.js';

const invalid = (message: string) => errAsync(decomError.invalidInput(message));
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** Ports `sourceMetrics` (CloudWatch) and `targetMetrics` (Azure Monitor). */
export function fakeMetricsPort(store: FakeMetricStore): MetricsPort {
  return { query: (queries, window) => store.query(queries, window) };
}

/** Port `replication` over the fake DMS, with `replication.stop`. */
export function fakeReplicationPort(dms: FakeDms): ReplicationPort {
  const stop: ActionHandler = {
    rateLimits: (action) => [
      {
        service: 'dms',
        bucket: 'default',
        accountId: action.target.accountId ?? '',
        region: action.target.region ?? '',
      },
    ],
    execute: (action) =>
      dms.stopReplicationTask(action.target.ref).map((task) => done({ taskArn: task.arn, status: task.status })),
    reconcile: (action) =>
      dms.describeReplicationTasks().map((tasks) => {
        const task = tasks.find((candidate) => candidate.arn === action.target.ref);
        return task === undefined || task.status === 'stopped'
          ? done({ taskArn: action.target.ref, status: 'stopped' })
          : { status: 'absent' as const };
      }),
  };
  return {
    handlers: { 'replication.stop': stop },
    listTasks: () =>
      dms
        .describeReplicationTasks()
        .map((tasks) =>
          tasks.map((task) => ({ arn: task.arn, status: task.status, lagSeconds: task.lagSeconds, tags: task.tags })),
        ),
  };
}

/**
 * Port `assessment` over the fake Well-Architected Tool. `assessment.export`
 * reads every answer of every lens (all pages), marks a milestone named after
 * the action, and writes the answers (JSON) and each lens report (PDF) to the
 * `artifacts` port.
 */
export function fakeAssessmentPort(tool: FakeWellArchitected): AssessmentPort {
  const milestoneName = (key: string) => `decomkit ${key.slice(-40)}`;
  const allAnswers = (workloadId: string, lens: string) => {
    const collect = (token: string | null, gathered: JsonObject[]): ResultAsync<JsonObject[], DecomError> =>
      tool.listAnswers(workloadId, lens, token).andThen(({ answers, next }) => {
        const all = [...gathered, ...answers.map((answer) => ({ ...answer, choices: [...answer.choices] }))];
        return next === null ? okAsync(all) : collect(next, all);
      });
    return collect(null, []);
  };
  const exportAll: ActionHandler = {
    execute: (action, context) => {
      const workloadId = text(action.params.workloadId);
      const lenses = Array.isArray(action.params.lenses) ? action.params.lenses.map(String) : [];
      const artifacts = context.ports.artifacts;
      if (workloadId === null) return invalid(`${action.key}: assessment.export needs params.workloadId`);
      if (artifacts === undefined)
        return invalid(`${action.key}: assessment.export writes to the artifacts port, which is missing`);
      const prefix = `decomkit/${workloadId}/well-architected`;
      const lensExports = lenses.map((lens) =>
        allAnswers(workloadId, lens).andThen((answers) =>
          tool.getLensReviewReport(workloadId, lens).andThen((report) =>
            artifacts
              .put(
                `${prefix}/${lens}-answers.json`,
                new TextEncoder().encode(JSON.stringify({ workloadId, lens, answers }, null, 2)),
                'application/json',
              )
              .andThen((answersRef) =>
                artifacts
                  .put(`${prefix}/${lens}-report.pdf`, Buffer.from(report.base64, 'base64'), 'application/pdf')
                  .map((reportRef) => ({
                    lens,
                    answers: answers.length,
                    answersArtifact: answersRef.name,
                    answersSha256: answersRef.sha256,
                    reportArtifact: reportRef.name,
                    reportSha256: reportRef.sha256,
                  })),
              ),
          ),
        ),
      );
      return tool.listMilestones(workloadId).andThen((milestones) => {
        const existing = milestones.find((milestone) => milestone.name === milestoneName(action.key));
        const milestone =
          existing === undefined
            ? tool.createMilestone(workloadId, milestoneName(action.key))
            : okAsync({ number: existing.number });
        return milestone.andThen(({ number }) =>
          lensExports
            .reduce<ResultAsync<JsonObject[], DecomError>>(
              (all, next) => all.andThen((done) => next.map((one) => [...done, one])),
              okAsync([]),
            )
            .map((exports) => done({ workloadId, milestone: number, lenses: exports })),
        );
      });
    },
    reconcile: (action) => {
      const workloadId = text(action.params.workloadId);
      if (workloadId === null) return invalid(`${action.key}: assessment.export needs params.workloadId`);
      // Exporting again is harmless (same artifacts, the milestone is found by name): re-execute.
      return okAsync({ status: 'absent' as const });
    },
  };
  return {
    handlers: { 'assessment.export': exportAll },
    findWorkload: (name) =>
      tool.listWorkloads(name).map((found) => {
        const workload = found.find((candidate) => candidate.name === name);
        return workload === undefined ? null : { id: workload.id, name: workload.name, lenses: workload.lenses };
      }),
  };
}

/** Port `costs` over the fake Cost Explorer (USD). */
export function fakeCostsPort(explorer: FakeCostExplorer): CostsPort {
  return {
    costByTag: (tag, window) =>
      explorer.getCostAndUsage(tag, window.start, window.end).map((amount) => ({ amount, currency: 'USD', window })),
  };
}

/** Port `dns` over Route 53 and Azure DNS, with `dns.setTtl` (read back by reconcile). */
export function fakeDnsPort(zones: FakeDnsZones): DnsPort {
  const addressOf = (params: JsonObject): RecordAddress | null => {
    const zone = text(params.zone);
    const name = text(params.name);
    const type = text(params.type);
    const provider = params.provider === 'azure' ? 'azure' : 'route53';
    return zone === null || name === null || type === null ? null : { provider, zone, name, type };
  };
  const setTtl: ActionHandler = {
    rateLimits: () => [{ service: 'route53', bucket: 'default', accountId: '', region: 'global' }],
    execute: (action) => {
      const address = addressOf(action.params);
      const ttl = action.params.ttl;
      if (address === null || typeof ttl !== 'number')
        return invalid(`${action.key}: dns.setTtl needs zone, name, type and ttl`);
      return zones
        .setTtl(address, ttl)
        .map((record) => done({ record: `${record.name}.${record.zone}/${record.type}`, ttl: record.ttl }));
    },
    reconcile: (action) => {
      const address = addressOf(action.params);
      if (address === null) return invalid(`${action.key}: dns.setTtl needs zone, name, type and ttl`);
      return zones
        .get(address)
        .map((record) =>
          record !== null && record.ttl === action.params.ttl
            ? done({ record: `${record.name}.${record.zone}/${record.type}`, ttl: record.ttl })
            : { status: 'absent' as const },
        );
    },
  };
  return {
    handlers: { 'dns.setTtl': setTtl },
    getRecord: (record) =>
      zones
        .get({ provider: record.provider ?? 'route53', zone: record.zone, name: record.name, type: record.type })
        .map((found) =>
          found === null
            ? null
            : { zone: found.zone, name: found.name, type: found.type, ttl: found.ttl, values: found.values },
        ),
  };
}

/** Port `targetResources` over the fake Resource Graph (all pages). */
export function fakeTargetResourcesPort(directory: FakeAzureDirectory): TargetResourcesPort {
  return {
    list: (scope) => {
      const collect = (
        token: string | null,
        gathered: FakeAzureResource[],
      ): ResultAsync<FakeAzureResource[], DecomError> =>
        directory.resources(scope.subscriptionId, scope.resourceGroups, token).andThen(({ data, skipToken }) => {
          const all = [...gathered, ...data];
          return skipToken === null ? okAsync(all) : collect(skipToken, all);
        });
      return collect(null, []).map((resources) =>
        resources.map(({ id, name, type, location, resourceGroup, tags }) => ({
          id,
          name,
          type,
          location,
          resourceGroup,
          tags,
        })),
      );
    },
  };
}

const PILLAR_OF: Readonly<Record<string, AdvisorRecommendation['pillar']>> = {
  Cost: 'Cost',
  Security: 'Security',
  HighAvailability: 'Reliability',
  OperationalExcellence: 'OperationalExcellence',
  Performance: 'Performance',
};

/** Port `advisor` over the fake Azure Advisor (categories mapped to Well-Architected pillars). */
export function fakeAdvisorPort(directory: FakeAzureDirectory): AdvisorPort {
  return {
    recommendations: (subscriptionId) =>
      directory.recommendations(subscriptionId).map((found) =>
        found.map((recommendation) => ({
          id: recommendation.id,
          pillar: PILLAR_OF[recommendation.category] ?? 'OperationalExcellence',
          impact: recommendation.impact,
          resourceId: recommendation.resourceId,
          summary: recommendation.problem,
        })),
      ),
  };
}

/**
 * Port `cmdb`: `cmdb.retire` sets the CI to the instance's own "retired"
 * choice (looked up by label, never hard-coded) and links the Azure CIs;
 * `review.schedule` records a recurring review, idempotently by action key.
 */
export function fakeCmdbPort(cmdb: FakeCmdb): CmdbPort {
  const retiredChoice = () =>
    cmdb.statusChoices().andThen((choices) => {
      const retired = choices.find((choice) => /retired/i.test(choice.label));
      return retired === undefined
        ? errAsync(decomError.conflict({ message: 'the CMDB has no "Retired" install_status choice' }))
        : okAsync(retired);
    });
  const retire: ActionHandler = {
    execute: (action) => {
      const ciId = text(action.params.ciId);
      const links = Array.isArray(action.params.azureCiIds) ? action.params.azureCiIds.map(String) : [];
      if (ciId === null) return invalid(`${action.key}: cmdb.retire needs params.ciId`);
      return retiredChoice().andThen((retired) =>
        cmdb
          .updateItem(ciId, { status: retired.value, addLinks: links })
          .map((item) => done({ ciId: item.id, status: retired.label, links: item.links })),
      );
    },
    reconcile: (action) => {
      const ciId = text(action.params.ciId);
      if (ciId === null) return invalid(`${action.key}: cmdb.retire needs params.ciId`);
      return retiredChoice().andThen((retired) =>
        cmdb
          .getItem(ciId)
          .map((item) =>
            item?.status === retired.value
              ? done({ ciId, status: retired.label, links: item.links })
              : { status: 'absent' as const },
          ),
      );
    },
  };
  const schedule: ActionHandler = {
    execute: (action) => {
      const workloadId = text(action.params.workloadId);
      const firstReviewAt = text(action.params.firstReviewAt);
      const cadenceMonths = action.params.cadenceMonths;
      if (workloadId === null || firstReviewAt === null || typeof cadenceMonths !== 'number') {
        return invalid(`${action.key}: review.schedule needs workloadId, cadenceMonths and firstReviewAt`);
      }
      return cmdb
        .scheduleReview({ key: action.key, workloadId, ciId: text(action.params.ciId), cadenceMonths, firstReviewAt })
        .map((review) =>
          done({ review: review.key, cadenceMonths: review.cadenceMonths, firstReviewAt: review.firstReviewAt }),
        );
    },
    reconcile: (action) =>
      cmdb
        .findReview(action.key)
        .map((review) =>
          review === null
            ? { status: 'absent' as const }
            : done({ review: review.key, cadenceMonths: review.cadenceMonths, firstReviewAt: review.firstReviewAt }),
        ),
  };
  return {
    handlers: { 'cmdb.retire': retire, 'review.schedule': schedule },
    getItem: (id) =>
      retiredChoice().andThen((retired) =>
        cmdb.getItem(id).map((item) =>
          item === null
            ? null
            : {
                id: item.id,
                name: item.name,
                status: item.status,
                retired: item.status === retired.value,
                links: item.links,
              },
        ),
      ),
  };
}
