import { recordFqdn, relativeRecordName } from '@decomkit/provider-kit';
import { zonesOf } from './services-seed.js';
import type { FakeDnsRecord, FakeDnsZone, ServicesState } from './services-state.js';

/** The record types both Route 53 and Azure DNS serve. */
export const DNS_RECORD_TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT']);

/** The largest TTL either service accepts (2^31 − 1 seconds). */
export const MAX_TTL = 2_147_483_647;

/** A DNS name compared case-insensitively, without its trailing dot. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** A record name relative to its zone (`@` for the apex), from a relative name, `@` or the FQDN. */
export function relativeName(name: string, zone: string): string {
  return relativeRecordName(name, zone, normalName);
}

/** The FQDN of a record (no trailing dot). */
export function fullName(name: string, zone: string): string {
  return recordFqdn(name, zone, normalName);
}

/** The zones of a world; a snapshot from before zones were modelled gets the zones of its records. */
export function dnsZonesOf(state: ServicesState): FakeDnsZone[] {
  state.dnsZones ??= zonesOf([], state.dnsRecords);
  return state.dnsZones;
}

/** The zone of `provider` named `zone`, if any. */
export function zoneOf(state: ServicesState, provider: FakeDnsZone['provider'], zone: string): FakeDnsZone | undefined {
  return dnsZonesOf(state).find((candidate) => candidate.provider === provider && candidate.name === normalName(zone));
}

/** The record set of `provider` in `zone` with that name and type, if any. */
export function recordOf(
  state: ServicesState,
  provider: FakeDnsRecord['provider'],
  zone: string,
  name: string,
  type: string,
): FakeDnsRecord | undefined {
  return state.dnsRecords.find(
    (record) =>
      record.provider === provider &&
      normalName(record.zone) === normalName(zone) &&
      relativeName(record.name, record.zone) === relativeName(name, zone) &&
      record.type === type.toUpperCase(),
  );
}

/** Whether `ttl` is a TTL both services accept. */
export function validTtl(ttl: unknown): ttl is number {
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl <= MAX_TTL;
}
