import { sha256 } from '@decomkit/provider-kit';
import {
  DEFAULT_STATUS_CHOICES,
  type FakeAdvisorRecommendation,
  type FakeAzureResource,
  type FakeCost,
  type FakeDnsRecord,
  type FakeDnsZone,
  type FakeMetricSeries,
  type FakeReplicationTask,
  type FakeWellArchitectedAnswer,
  type ServicesState,
} from './services-state.js';

/**
 * A metric series to seed: either its `points`, or a generated series of one
 * point every `everyMinutes` (default 60) from `from` (default `hours` before
 * the fake's start, `hours` default 72) up to `to` (default the start),
 * valued `value` (a number, or a function of the point's index and time).
 */
export interface MetricSeriesSeed {
  readonly resource: string;
  readonly namespace?: string | null;
  readonly metric: string;
  readonly points?: readonly { readonly at: string; readonly value: number }[];
  readonly from?: string;
  readonly to?: string;
  readonly hours?: number;
  readonly everyMinutes?: number;
  readonly value?: number | ((index: number, at: string) => number);
}

/** A DMS task: its ARN, or its identifier (the ARN is built in the fake's account and region). */
export type ReplicationTaskSeed = ({ readonly arn: string } | { readonly id: string }) & {
  readonly status?: FakeReplicationTask['status'];
  readonly lagSeconds?: number;
  readonly tags?: Record<string, string>;
};

/** One answer; lens defaults to the workload's first lens, pillar `operationalExcellence`, risk `NONE`. */
export interface WellArchitectedAnswerSeed {
  readonly questionId: string;
  readonly lens?: string;
  readonly pillar?: string;
  readonly risk?: string;
  readonly choices?: readonly string[];
}

/** A Well-Architected workload; `answers` may be a count (questions `q1`…`qN` on the first lens). */
export interface WellArchitectedSeed {
  readonly id?: string;
  readonly name: string;
  /** Lens aliases; default `['wellarchitected']`. */
  readonly lenses?: readonly string[];
  readonly answers?: readonly WellArchitectedAnswerSeed[] | number;
}

/** A day's cost of a tag value, or the same amount every day from `from` (inclusive) to `to` (exclusive). */
export type CostSeed =
  | FakeCost
  | {
      readonly tagKey: string;
      readonly tagValue: string;
      readonly from: string;
      readonly to: string;
      readonly dailyAmount: number;
    };

/** A record set; provider `route53`, TTL 300 and no values by default. Its zone is created when missing. */
export interface DnsRecordSeed {
  readonly provider?: FakeDnsRecord['provider'];
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values?: readonly string[];
}

/** An Azure resource; name, type, subscription and resource group default to what its id says. */
export interface AzureResourceSeed {
  readonly id: string;
  readonly name?: string;
  readonly type?: string;
  readonly location?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly tags?: Record<string, string>;
}

/** An Advisor recommendation; the subscription defaults to the resource id's, impact to Medium. */
export interface AdvisorSeed {
  readonly id?: string;
  readonly subscriptionId?: string;
  readonly category: FakeAdvisorRecommendation['category'];
  readonly impact?: FakeAdvisorRecommendation['impact'];
  readonly resourceId: string;
  readonly problem?: string;
}

/** What a test seeds of these services; every field optional. */
export interface ServicesSeed {
  /** CloudWatch series (by ARN). */
  readonly metrics?: readonly MetricSeriesSeed[];
  /** Azure Monitor series (by Azure resource id). */
  readonly azureMetrics?: readonly MetricSeriesSeed[];
  readonly replicationTasks?: readonly ReplicationTaskSeed[];
  /** How long a stopped DMS task stays `stopping` (fake seconds); default 0: stopped at once. */
  readonly replicationStopSeconds?: number;
  readonly wellArchitected?: readonly WellArchitectedSeed[];
  readonly costs?: readonly CostSeed[];
  /** Zones without records (zones of seeded records are created anyway). */
  readonly dnsZones?: readonly { readonly provider?: FakeDnsZone['provider']; readonly name: string }[];
  readonly dnsRecords?: readonly DnsRecordSeed[];
  readonly azureResources?: readonly AzureResourceSeed[];
  readonly advisor?: readonly AdvisorSeed[];
  readonly cmdb?: {
    /** The instance's `install_status` choices; default ServiceNow's (`7` = Retired). */
    readonly statusChoices?: readonly { readonly value: string; readonly label: string }[];
    /** CIs; status defaults to the first choice (Installed). */
    readonly items?: readonly {
      readonly id: string;
      readonly name?: string;
      readonly status?: string;
      readonly links?: readonly string[];
      /** The cloud ids discovery recorded on the CI (`object_id` / `correlation_id`): an ARN, an instance id. */
      readonly cloudIds?: readonly string[];
    }[];
  };
}

/** Where seeded services live: the fake's account, region, subscription and start time. */
export interface ServicesSeedContext {
  readonly accountId: string;
  readonly region: string;
  readonly now: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The services' initial state from a seed. */
export function servicesStateFromSeed(seed: ServicesSeed = {}, context?: ServicesSeedContext): ServicesState {
  const where = context ?? { accountId: '111122223333', region: 'eu-west-1', now: '2026-11-01T00:00:00.000Z' };
  const statusChoices = [...(seed.cmdb?.statusChoices ?? DEFAULT_STATUS_CHOICES)].map((choice) => ({ ...choice }));
  const installed = statusChoices[0]?.value ?? '1';
  const dnsRecords = (seed.dnsRecords ?? []).map(
    (record): FakeDnsRecord => ({
      provider: record.provider ?? 'route53',
      zone: record.zone,
      name: record.name,
      type: record.type.toUpperCase(),
      ttl: record.ttl ?? 300,
      values: [...(record.values ?? [])],
      etag:
        (record.provider ?? 'route53') === 'azure' ? etagOf(`${record.zone}/${record.name}/${record.type}/0`) : null,
    }),
  );
  return {
    metrics: (seed.metrics ?? []).map((series) => seriesFromSeed(series, where.now)),
    azureMetrics: (seed.azureMetrics ?? []).map((series) => seriesFromSeed(series, where.now)),
    replicationTasks: (seed.replicationTasks ?? []).map((task) => ({
      arn: 'arn' in task ? task.arn : `arn:aws:dms:${where.region}:${where.accountId}:task:${task.id}`,
      status: task.status ?? 'running',
      lagSeconds: task.lagSeconds ?? 0,
      tags: { ...task.tags },
      stoppedAt: null,
    })),
    replicationStopSeconds: seed.replicationStopSeconds ?? 0,
    wellArchitected: (seed.wellArchitected ?? []).map((workload) => {
      const lenses = [...(workload.lenses ?? ['wellarchitected'])];
      return {
        id: workload.id ?? sha256(`wellarchitected:${workload.name}`).slice(0, 32),
        name: workload.name,
        lenses,
        answers: answersFromSeed(workload.answers ?? [], lenses[0] ?? 'wellarchitected'),
        milestones: [],
      };
    }),
    costs: (seed.costs ?? []).flatMap(costsFromSeed),
    dnsZones: zonesOf(seed.dnsZones ?? [], dnsRecords),
    dnsRecords,
    azureResources: (seed.azureResources ?? []).map(azureResourceFromSeed),
    advisor: (seed.advisor ?? []).map((recommendation, index) => ({
      id: recommendation.id ?? `advisor-${index + 1}`,
      subscriptionId: recommendation.subscriptionId ?? segment(recommendation.resourceId, 'subscriptions') ?? '',
      category: recommendation.category,
      impact: recommendation.impact ?? 'Medium',
      resourceId: recommendation.resourceId,
      problem: recommendation.problem ?? `${recommendation.category} recommendation`,
    })),
    cmdb: {
      statusChoices,
      items: (seed.cmdb?.items ?? []).map((item) => ({
        id: item.id,
        name: item.name ?? item.id,
        status: item.status ?? installed,
        links: [...(item.links ?? [])],
        cloudIds: [...(item.cloudIds ?? [])],
        updatedAt: null,
      })),
      reviews: [],
    },
  };
}

function seriesFromSeed(seed: MetricSeriesSeed, now: string): FakeMetricSeries {
  const base = { resource: seed.resource, namespace: seed.namespace ?? null, metric: seed.metric };
  if (seed.points !== undefined) return { ...base, points: seed.points.map((point) => ({ ...point })) };
  const to = Date.parse(seed.to ?? now);
  const from = seed.from === undefined ? to - (seed.hours ?? 72) * HOUR : Date.parse(seed.from);
  const every = (seed.everyMinutes ?? 60) * 60_000;
  const points: { at: string; value: number }[] = [];
  for (let at = from, index = 0; at < to; at += every, index += 1) {
    const iso = new Date(at).toISOString();
    const value = typeof seed.value === 'function' ? seed.value(index, iso) : (seed.value ?? 0);
    points.push({ at: iso, value });
  }
  return { ...base, points };
}

function answersFromSeed(
  answers: readonly WellArchitectedAnswerSeed[] | number,
  lens: string,
): FakeWellArchitectedAnswer[] {
  const list: readonly WellArchitectedAnswerSeed[] =
    typeof answers === 'number'
      ? Array.from({ length: answers }, (_, index) => ({ questionId: `q${index + 1}` }))
      : answers;
  return list.map((answer) => ({
    lens: answer.lens ?? lens,
    questionId: answer.questionId,
    pillar: answer.pillar ?? 'operationalExcellence',
    risk: answer.risk ?? 'NONE',
    choices: [...(answer.choices ?? [])],
  }));
}

function costsFromSeed(cost: CostSeed): FakeCost[] {
  if ('day' in cost) return [{ ...cost }];
  const days: FakeCost[] = [];
  for (let at = Date.parse(cost.from.slice(0, 10)); at < Date.parse(cost.to.slice(0, 10)); at += DAY) {
    days.push({
      tagKey: cost.tagKey,
      tagValue: cost.tagValue,
      day: new Date(at).toISOString().slice(0, 10),
      amount: cost.dailyAmount,
    });
  }
  return days;
}

/** The zones named, plus the zone of every record (created when missing). */
export function zonesOf(
  zones: readonly { readonly provider?: FakeDnsZone['provider']; readonly name: string }[],
  records: readonly FakeDnsRecord[],
): FakeDnsZone[] {
  const all: FakeDnsZone[] = [];
  const add = (provider: FakeDnsZone['provider'], name: string) => {
    const normal = name.toLowerCase().replace(/\.$/, '');
    if (all.some((zone) => zone.provider === provider && zone.name === normal)) return;
    const id =
      provider === 'route53'
        ? `Z${sha256(`route53:${normal}`).slice(0, 20).toUpperCase()}`
        : `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/${normal}`;
    all.push({ provider, name: normal, id });
  };
  for (const zone of zones) add(zone.provider ?? 'route53', zone.name);
  for (const record of records) add(record.provider, record.zone);
  return all;
}

function azureResourceFromSeed(seed: AzureResourceSeed): FakeAzureResource {
  const providers = seed.id.split('/providers/').at(-1)?.split('/') ?? [];
  const typeParts = providers.filter((_, index) => index === 0 || index % 2 === 1);
  return {
    id: seed.id,
    name: seed.name ?? seed.id.split('/').at(-1) ?? seed.id,
    type: seed.type ?? typeParts.join('/').toLowerCase(),
    location: seed.location ?? 'westeurope',
    subscriptionId: seed.subscriptionId ?? segment(seed.id, 'subscriptions') ?? '',
    resourceGroup: seed.resourceGroup ?? segment(seed.id, 'resourceGroups') ?? '',
    tags: { ...seed.tags },
  };
}

/** The id segment after `name` in an Azure resource id (case-insensitive). */
function segment(id: string, name: string): string | undefined {
  const parts = id.split('/');
  const index = parts.findIndex((part) => part.toLowerCase() === name.toLowerCase());
  return index < 0 ? undefined : parts[index + 1];
}

/** An Azure-style etag (a GUID) derived from `text`. */
export function etagOf(text: string): string {
  const hex = sha256(text);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
