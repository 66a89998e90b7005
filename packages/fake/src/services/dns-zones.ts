import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeDnsRecord } from './services-state.js';

/** A record set's address. */
export interface RecordAddress {
  readonly provider: FakeDnsRecord['provider'];
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

const normal = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * Route 53 (ListResourceRecordSets / ChangeResourceRecordSets UPSERT) and
 * Azure DNS (record set GET / PATCH): record sets by zone, name and type.
 */
export class FakeDnsZones {
  constructor(private readonly world: FakeWorld) {}

  get(address: RecordAddress): ResultAsync<FakeDnsRecord | null, DecomError> {
    const operation = address.provider === 'route53' ? 'ListResourceRecordSets' : 'GetRecordSet';
    return this.world.call(serviceOf(address), operation, false, label(address), () =>
      ok(structuredClone(this.find(address) ?? null)),
    );
  }

  setTtl(address: RecordAddress, ttl: number): ResultAsync<FakeDnsRecord, DecomError> {
    const operation = address.provider === 'route53' ? 'ChangeResourceRecordSets' : 'PatchRecordSet';
    return this.world.call(serviceOf(address), operation, true, label(address), () => {
      if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2_147_483_647)
        return err(decomError.invalidInput(`InvalidInput: TTL ${ttl} for ${label(address)}`));
      const record = this.find(address);
      if (record === undefined)
        return err(decomError.notFound({ message: `no record set ${label(address)}`, resource: label(address) }));
      record.ttl = ttl;
      return ok(structuredClone(record));
    });
  }

  private find(address: RecordAddress): FakeDnsRecord | undefined {
    return this.world.state.services.dnsRecords.find(
      (record) =>
        record.provider === address.provider &&
        normal(record.zone) === normal(address.zone) &&
        normal(record.name) === normal(address.name) &&
        record.type === address.type,
    );
  }
}

function serviceOf(address: RecordAddress): string {
  return address.provider === 'route53' ? 'route53' : 'azure-dns';
}

function label(address: RecordAddress): string {
  return `${address.name}.${address.zone}/${address.type}`;
}
