import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/** A DNS record set as read back from Route 53 or Azure DNS. */
export interface DnsRecordState {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

/** Port `dns`: reads record sets; the handler for `dns.setTtl`. */
export interface DnsPort extends PortBase {
  /** Handlers for `dns.setTtl`. */
  readonly handlers: PortHandlers<'dns.setTtl'>;
  /** The record set, from the provider named (a port may serve one or both; default Route 53). */
  getRecord(record: {
    readonly provider?: 'route53' | 'azure';
    readonly zone: string;
    readonly name: string;
    readonly type: string;
  }): ResultAsync<DnsRecordState | null, DecomError>;
}
