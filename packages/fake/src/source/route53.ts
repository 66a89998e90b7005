import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import {
  DNS_RECORD_TYPES,
  dnsZonesOf,
  fullName,
  normalName,
  recordOf,
  relativeName,
  validTtl,
} from '../services/dns-names.js';
import type { FakeDnsRecord, FakeDnsZone } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';

/** A Route 53 record set as ListResourceRecordSets returns it (FQDN with its trailing dot). */
export interface Route53RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

/** One change of a ChangeResourceRecordSets batch. */
export interface Route53Change {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  readonly recordSet: Route53RecordSet;
}

/**
 * The fake Route 53: hosted zones and their record sets.
 * ChangeResourceRecordSets applies a batch atomically (CREATE of an existing
 * set, or DELETE of a missing or different one, fails the whole batch with
 * `InvalidChangeBatch`; UPSERT creates or replaces) and returns an INSYNC change.
 */
export class FakeRoute53 {
  constructor(private readonly world: FakeWorld) {}

  /** ListHostedZonesByName, reduced to the zone of that exact name; `NoSuchHostedZone` otherwise. */
  hostedZoneByName(dnsName: string): ResultAsync<FakeDnsZone, DecomError> {
    return this.world.call('route53', 'ListHostedZonesByName', false, dnsName, () => {
      const zone = this.zones().find((candidate) => candidate.name === normalName(dnsName));
      return zone === undefined
        ? err(awsError.notFound('NoSuchHostedZone', `no hosted zone ${dnsName}`, dnsName))
        : ok({ ...zone });
    });
  }

  /** ListResourceRecordSets from (name, type), reduced to that one record set; null when there is none. */
  recordSet(zoneId: string, name: string, type: string): ResultAsync<Route53RecordSet | null, DecomError> {
    return this.world.call('route53', 'ListResourceRecordSets', false, `${zoneId}/${name}/${type}`, () => {
      const zone = this.zones().find((candidate) => candidate.id === zoneId);
      if (zone === undefined) return err(awsError.notFound('NoSuchHostedZone', `no hosted zone ${zoneId}`, zoneId));
      const record = recordOf(this.world.state.services, 'route53', zone.name, name, type);
      return ok(record === undefined ? null : present(record, zone.name));
    });
  }

  /** ChangeResourceRecordSets: the whole batch or nothing. */
  changeResourceRecordSets(
    zoneId: string,
    changes: readonly Route53Change[],
  ): ResultAsync<{ id: string; status: 'INSYNC'; submittedAt: string }, DecomError> {
    return this.world.call('route53', 'ChangeResourceRecordSets', true, zoneId, () => {
      const zone = this.zones().find((candidate) => candidate.id === zoneId);
      if (zone === undefined) return err(awsError.notFound('NoSuchHostedZone', `no hosted zone ${zoneId}`, zoneId));
      if (changes.length === 0)
        return err(awsError.invalid('InvalidChangeBatch', 'the batch has no changes', 'ChangeBatch'));
      const state = this.world.state.services;
      for (const { action, recordSet } of changes) {
        if (!DNS_RECORD_TYPES.has(recordSet.type))
          return err(awsError.invalid('InvalidInput', `record type ${recordSet.type} is not supported`, 'Type'));
        if (!validTtl(recordSet.ttl))
          return err(awsError.invalid('InvalidInput', `TTL ${recordSet.ttl} is out of range`, 'TTL'));
        if (!normalName(recordSet.name).endsWith(zone.name))
          return err(awsError.invalid('InvalidChangeBatch', `${recordSet.name} is not in zone ${zone.name}`, 'Name'));
        const existing = recordOf(state, 'route53', zone.name, recordSet.name, recordSet.type);
        if (action === 'CREATE' && existing !== undefined)
          return err(
            awsError.conflict('InvalidChangeBatch', `${recordSet.name} ${recordSet.type} already exists`, zoneId),
          );
        if (action === 'DELETE' && (existing === undefined || existing.ttl !== recordSet.ttl))
          return err(
            awsError.conflict(
              'InvalidChangeBatch',
              `${recordSet.name} ${recordSet.type} was not found with those values`,
              zoneId,
            ),
          );
      }
      for (const { action, recordSet } of changes) {
        const existing = recordOf(state, 'route53', zone.name, recordSet.name, recordSet.type);
        if (action === 'DELETE') state.dnsRecords = state.dnsRecords.filter((record) => record !== existing);
        else if (existing !== undefined) {
          existing.ttl = recordSet.ttl;
          existing.values = [...recordSet.values];
        } else {
          const name = relativeName(recordSet.name, zone.name);
          state.dnsRecords.push({
            provider: 'route53',
            zone: zone.name,
            name,
            type: recordSet.type,
            ttl: recordSet.ttl,
            values: [...recordSet.values],
            etag: null,
          });
        }
      }
      return ok({
        id: `/change/${this.world.newId('C')}`,
        status: 'INSYNC' as const,
        submittedAt: this.world.nowIso(),
      });
    });
  }

  private zones(): FakeDnsZone[] {
    return dnsZonesOf(this.world.state.services).filter((zone) => zone.provider === 'route53');
  }
}

function present(record: FakeDnsRecord, zone: string): Route53RecordSet {
  return { name: `${fullName(record.name, zone)}.`, type: record.type, ttl: record.ttl, values: [...record.values] };
}
