import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import {
  type Action,
  type ActionHandler,
  type DecomError,
  type DnsPort,
  type DnsRecordState,
  decomError,
  err,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  ok,
  okAsync,
  type PlannedAction,
  type RateLimitClaim,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import { dnsSetTtlInput, PORT_SPECIFICATION_VERSION, recordFqdn, relativeRecordName } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';

/** Record sets per ListResourceRecordSets page when looking one up. */
const PAGE = 20;
/** Actions per ChangeResourceRecordSets batch (Route 53 takes up to 1,000 changes). */
const MAX_BATCH = 100;
/** A hosted zone id (upper-case letters and digits, no dot, optionally `/hostedzone/…`: `Z08520173M0DI8UWB1OFI`) rather than a zone name. */
const ZONE_ID = /^(\/hostedzone\/)?([A-Z0-9]{10,32})$/;

/** A hosted zone: its id (without `/hostedzone/`) and name (no trailing dot). */
interface Zone {
  readonly id: string;
  readonly name: string;
}

/** A record set's address in Route 53. */
interface Address {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

/** A record set read back, with the zone it is in and the set as Route 53 has it. */
interface Found {
  readonly zone: Zone;
  readonly record: DnsRecordState;
  readonly set: ResourceRecordSet;
}

/**
 * A DNS name compared as Route 53 stores it: lower case, without the
 * trailing dot, with Route 53's octal escapes (`\052` for `*`) decoded.
 */
export function normalDnsName(name: string): string {
  return name
    .replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
    .toLowerCase()
    .replace(/\.$/, '');
}

/** A record name relative to its zone (`@` for the apex), from a relative name, `@` or the FQDN (as the fake). */
export function relativeDnsName(name: string, zone: string): string {
  return relativeRecordName(name, zone, normalDnsName);
}

/** The FQDN of a record, without the trailing dot. */
export function fullDnsName(name: string, zone: string): string {
  return recordFqdn(name, zone, normalDnsName);
}

function label(address: Address): string {
  return `${address.name}.${address.zone}/${address.type}`;
}

function notServed(where: string): DecomError {
  return decomError.invalidInput(
    `${where}: the AWS dns port serves Route 53 record sets only; an Azure DNS record needs the Azure provider's dns port`,
    [{ path: 'provider', message: "route53 (the AWS port does not serve 'azure')" }],
  );
}

/** The address and TTL of a `dns.setTtl` action (checked as the fake checks them), or InvalidInput. */
function inputOf(action: PlannedAction<'dns.setTtl'>): Result<{ address: Address; ttl: number }, DecomError> {
  return dnsSetTtlInput(action).andThen(({ address, ttl }) =>
    address.provider === 'azure'
      ? err(notServed(`${action.key}: dns.setTtl`))
      : ok({ address: { zone: address.zone, name: address.name, type: address.type.toUpperCase() }, ttl }),
  );
}

/**
 * Port `dns` over Route 53. `getRecord` finds the hosted zone by name
 * (ListHostedZonesByName, exact match; or by id, `Z…`: upper-case letters and digits, no dot) and the record set
 * (ListResourceRecordSets from StartRecordName / StartRecordType, exact
 * match, names compared without the trailing dot); a missing zone or record
 * is null. Only simple record sets are served: an alias, or a name with
 * several routing-policy sets, is InvalidInput, never guessed at.
 *
 * `dns.setTtl` (params `zone`, `name`, `type`, `ttl`, `provider`) UPSERTs the
 * record set with its values and the new TTL (a set already at that TTL is
 * left alone), then waits through checkpoints (GetChange) until the change is
 * INSYNC; reconcile reads the TTL back. Batched, actions on one zone share one
 * change batch. Records of provider `azure` are not served: InvalidInput.
 *
 * @example
 * ```ts
 * const dns = awsDnsPort(new AwsClients(), 'eu-west-1');
 * const record = await dns.getRecord({ zone: 'example.com', name: 'pay', type: 'CNAME' }); // { ttl: 60, values: [...] }
 * ```
 */
export function awsDnsPort(clients: AwsClients, home: string): DnsPort {
  const route53 = () => clients.get('route53', home);
  const pollAfterMilliseconds = clients.pollMilliseconds;

  const zoneOf = (zone: string): ResultAsync<Zone | null, DecomError> => {
    const id = ZONE_ID.exec(zone)?.[2];
    if (id !== undefined)
      return awsCall({ operation: 'route53:GetHostedZone', resource: zone }, () =>
        route53().send(new GetHostedZoneCommand({ Id: id })),
      )
        .map((found): Zone | null => ({ id, name: normalDnsName(found.HostedZone?.Name ?? '') }))
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
    const wanted = normalDnsName(zone);
    return awsCall({ operation: 'route53:ListHostedZonesByName', resource: zone }, () =>
      route53().send(new ListHostedZonesByNameCommand({ DNSName: wanted, MaxItems: 100 })),
    ).andThen((found) => {
      const zones = (found.HostedZones ?? []).filter((candidate) => normalDnsName(candidate.Name ?? '') === wanted);
      if (zones.length > 1)
        return errAsync(
          decomError.invalidInput(
            `dns: ${zones.length} hosted zones are named ${wanted} (${zones.map((candidate) => `${candidate.Id ?? ''}${candidate.Config?.PrivateZone ? ' private' : ''}`).join(', ')}): name the zone by its id`,
            [{ path: 'zone', message: 'a hosted zone id when several zones share the name' }],
          ),
        );
      const only = zones[0];
      return okAsync(only === undefined ? null : { id: (only.Id ?? '').replace(/^\/hostedzone\//, ''), name: wanted });
    });
  };

  const recordIn = (zone: Zone, address: Address): ResultAsync<Found | null, DecomError> => {
    const fqdn = fullDnsName(address.name, zone.name);
    const type = address.type.toUpperCase();
    return awsCall({ operation: 'route53:ListResourceRecordSets', resource: `${fqdn}/${type}` }, async () => {
      const sets: ResourceRecordSet[] = [];
      let start: { name: string; type: string; identifier?: string } | undefined = { name: `${fqdn}.`, type };
      while (start !== undefined) {
        const page: ListResourceRecordSetsCommandOutput = await route53().send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: zone.id,
            StartRecordName: start.name,
            StartRecordType: start.type as RRType,
            ...(start.identifier === undefined ? {} : { StartRecordIdentifier: start.identifier }),
            MaxItems: PAGE,
          }),
        );
        const matching = (page.ResourceRecordSets ?? []).filter(
          (set) => normalDnsName(set.Name ?? '') === fqdn && set.Type === type,
        );
        sets.push(...matching);
        const next = page.NextRecordName;
        start =
          page.IsTruncated === true &&
          next !== undefined &&
          normalDnsName(next) === fqdn &&
          page.NextRecordType === type
            ? {
                name: next,
                type,
                ...(page.NextRecordIdentifier === undefined ? {} : { identifier: page.NextRecordIdentifier }),
              }
            : undefined;
      }
      return sets;
    }).andThen((sets) => {
      const set = sets[0];
      if (set === undefined) return okAsync(null);
      const where = `${fqdn}/${type}`;
      if (sets.length > 1 || set.SetIdentifier !== undefined)
        return errAsync(
          decomError.invalidInput(
            `dns: ${where} has routing-policy record sets (SetIdentifier); decomkit reads and sets the TTL of simple record sets only`,
            [{ path: 'name', message: 'a simple record set' }],
          ),
        );
      if (set.AliasTarget !== undefined || set.TTL === undefined)
        return errAsync(
          decomError.invalidInput(`dns: ${where} is an alias record: it has no TTL of its own`, [
            { path: 'name', message: 'a record set with a TTL' },
          ]),
        );
      return okAsync({
        zone,
        set,
        record: {
          zone: address.zone,
          name: relativeDnsName(set.Name ?? '', zone.name),
          type,
          ttl: set.TTL,
          values: (set.ResourceRecords ?? []).map((record) => record.Value ?? ''),
        },
      });
    });
  };

  const read = (address: Address): ResultAsync<Found | null, DecomError> =>
    zoneOf(address.zone).andThen((zone) => (zone === null ? okAsync(null) : recordIn(zone, address)));

  const readOrMissing = (address: Address): ResultAsync<Found, DecomError> =>
    read(address).andThen((found) =>
      found === null
        ? errAsync(
            decomError.notFound({ message: `no route53 record set ${label(address)}`, resource: label(address) }),
          )
        : okAsync(found),
    );

  const resultOf = (address: Address, found: Found, ttl: number, extra: JsonObject = {}): HandlerOutcome => ({
    status: 'done',
    result: { provider: 'route53', record: `${found.record.name}.${address.zone}/${address.type}`, ttl, ...extra },
  });

  /** UPSERTs the sets to their new TTLs in one change batch: the change id and whether it is already INSYNC. */
  const upsert = (
    zone: Zone,
    changes: readonly { found: Found; ttl: number }[],
    signal: AbortSignal,
  ): ResultAsync<{ id: string; insync: boolean }, DecomError> =>
    awsCall({ operation: 'route53:ChangeResourceRecordSets', resource: `hosted zone ${zone.id}`, signal }, (options) =>
      route53().send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: {
            Comment: 'decomkit dns.setTtl',
            Changes: changes.map(({ found, ttl }) => ({
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: found.set.Name,
                Type: found.set.Type,
                TTL: ttl,
                ResourceRecords: found.set.ResourceRecords,
              },
            })),
          },
        }),
        options,
      ),
    ).map((response) => ({
      id: response.ChangeInfo?.Id ?? '',
      insync: response.ChangeInfo?.Status === 'INSYNC',
    }));

  const changed = (address: Address, found: Found, ttl: number, change: { id: string; insync: boolean }) =>
    change.insync
      ? resultOf(address, found, ttl, { fromTtl: found.record.ttl, changeId: change.id })
      : ({
          status: 'pending',
          checkpoint: { changeId: change.id, fromTtl: found.record.ttl },
          pollAfterMilliseconds,
        } satisfies HandlerOutcome);

  const claim = (action: Action | undefined): RateLimitClaim[] => [
    { service: 'route53', bucket: 'default', accountId: action?.target.accountId ?? '', region: 'global' },
  ];

  const setTtl: ActionHandler<'dns.setTtl'> = {
    rateLimits: (action) => claim(action),
    execute: (action, context) => {
      const input = inputOf(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      return readOrMissing(address).andThen((found) =>
        found.record.ttl === ttl
          ? okAsync(resultOf(address, found, ttl, { fromTtl: ttl, unchanged: true }))
          : upsert(found.zone, [{ found, ttl }], context.signal).map((change) => changed(address, found, ttl, change)),
      );
    },
    poll: (action, checkpoint) => {
      const input = inputOf(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      const changeId = typeof checkpoint.changeId === 'string' ? checkpoint.changeId : '';
      return awsCall({ operation: 'route53:GetChange', resource: changeId }, () =>
        route53().send(new GetChangeCommand({ Id: changeId })),
      ).andThen((change): ResultAsync<HandlerOutcome, DecomError> => {
        if (change.ChangeInfo?.Status !== 'INSYNC')
          return okAsync({ status: 'pending', checkpoint, pollAfterMilliseconds });
        return readOrMissing(address).andThen((found) =>
          found.record.ttl === ttl
            ? okAsync(resultOf(address, found, ttl, { fromTtl: checkpoint.fromTtl ?? null, changeId }))
            : errAsync(
                decomError.conflict({
                  message: `${label(address)} has TTL ${found.record.ttl} after change ${changeId} set ${ttl}: someone changed it meanwhile`,
                  resource: label(address),
                }),
              ),
        );
      });
    },
    reconcile: (action) => {
      const input = inputOf(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      return read(address).map((found) =>
        found !== null && found.record.ttl === ttl ? resultOf(address, found, ttl) : { status: 'absent' as const },
      );
    },
    batch: {
      maxSize: MAX_BATCH,
      key: (action) => {
        const input = inputOf(action);
        return input.isErr() ? null : `route53|${normalDnsName(input.value.address.zone)}`;
      },
      rateLimits: (actions) => claim(actions[0]),
      execute: (actions, context) => {
        const inputs = actions.map((action) => ({ action, input: inputOf(action) }));
        const invalid = inputs.find((entry) => entry.input.isErr());
        if (invalid?.input.isErr()) return errAsync(invalid.input.error);
        const valid = inputs.flatMap(({ action, input }) => (input.isOk() ? [{ action, ...input.value }] : []));
        return ResultAsync.combine(
          valid.map((entry) => readOrMissing(entry.address).map((found) => ({ ...entry, found }))),
        ).andThen((entries) => {
          const outcomes = new Map<string, HandlerOutcome>();
          const toChange = entries.filter((entry) => entry.found.record.ttl !== entry.ttl);
          for (const entry of entries.filter((candidate) => candidate.found.record.ttl === candidate.ttl))
            outcomes.set(
              entry.action.key,
              resultOf(entry.address, entry.found, entry.ttl, { fromTtl: entry.ttl, unchanged: true }),
            );
          const zone = toChange[0]?.found.zone;
          if (zone === undefined) return okAsync(outcomes);
          const sets = new Set(
            toChange.map(
              (entry) =>
                `${entry.found.zone.id}|${normalDnsName(entry.found.set.Name ?? '')}|${entry.found.set.Type ?? ''}`,
            ),
          );
          if (sets.size < toChange.length || toChange.some((entry) => entry.found.zone.id !== zone.id))
            return errAsync(
              decomError.invalidInput('dns.setTtl batch: one record set twice, or two zones, in one change batch', [
                { path: 'actions', message: 'one action per record set and zone' },
              ]),
            );
          return upsert(zone, toChange, context.signal).map((change) => {
            for (const entry of toChange)
              outcomes.set(entry.action.key, changed(entry.address, entry.found, entry.ttl, change));
            return outcomes;
          });
        });
      },
    },
  };

  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'dns.setTtl': setTtl },
    getRecord: (record) =>
      record.provider === 'azure'
        ? errAsync(notServed(`dns: ${record.name}.${record.zone}/${record.type}`))
        : read({ zone: record.zone, name: record.name, type: record.type.toUpperCase() }).map(
            (found) => found?.record ?? null,
          ),
  };
}

/** The IAM actions of this port's reads. */
export const DNS_READS: readonly string[] = [
  'route53:ListHostedZonesByName',
  'route53:GetHostedZone',
  'route53:ListResourceRecordSets',
  'route53:GetChange',
];

/** The IAM action of `dns.setTtl`, on the hosted zone's ARN (`arn:aws:route53:::hostedzone/<id>`). */
export const DNS_SET_TTL_ACTIONS: readonly string[] = ['route53:ChangeResourceRecordSets'];

/**
 * The ARN of the hosted zone a `dns.setTtl` names: by its id, or every
 * hosted zone when the plan names the zone by name (its id is read at apply).
 *
 * @example
 * ```ts
 * hostedZoneArnOf('Z08520173M0DI8UWB1OFI'); // 'arn:aws:route53:::hostedzone/Z08520173M0DI8UWB1OFI'
 * ```
 */
export function hostedZoneArnOf(zone: string): string {
  const id = ZONE_ID.exec(zone)?.[2];
  return `arn:aws:route53:::hostedzone/${id ?? '*'}`;
}
