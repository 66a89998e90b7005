import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  composeProviders,
  type DnsPort,
  dnsByProvider,
  type HandlerContext,
  PORT_SPECIFICATION_VERSION,
  type Providers,
} from '../src/index.js';

/** A DNS port that answers its own name as the record's values, and records the TTLs it set. */
function namedDns(name: string): DnsPort & { readonly set: string[] } {
  const set: string[] = [];
  return {
    set,
    specificationVersion: PORT_SPECIFICATION_VERSION,
    getRecord: (record) =>
      okAsync({ zone: record.zone, name: record.name, type: record.type, ttl: 60, values: [name] }),
    handlers: {
      'dns.setTtl': {
        rateLimits: () => [{ service: name, bucket: 'writes', accountId: '', region: 'global' }],
        execute: (action) => {
          set.push(`${action.params.name}=${action.params.ttl}`);
          return okAsync({ status: 'done', result: { by: name } });
        },
        reconcile: () => okAsync({ status: 'absent' }),
      },
    },
  };
}

const setTtl = (provider: 'route53' | 'azure' | undefined): Action<'dns.setTtl'> => ({
  key: `reset-ttl/dns.setTtl/${provider}`,
  step: 'reset-ttl',
  item: 'ttl',
  dependsOn: [],
  kind: 'dns.setTtl',
  target: { ref: 'pay.example.com/A' },
  params: {
    ...(provider === undefined ? {} : { provider }),
    zone: 'example.com',
    name: 'pay',
    type: 'A',
    ttl: 3600,
    fromTtl: 60,
  },
  gates: [],
});
const context = {} as HandlerContext;

describe('dnsByProvider', () => {
  it("routes reads and dns.setTtl by the record's provider (Route 53 when none)", async () => {
    const route53 = namedDns('route53');
    const azure = namedDns('azure');
    const dns = dnsByProvider({ route53, azure });
    const read = async (provider?: 'route53' | 'azure') =>
      (await dns.getRecord({ provider, zone: 'example.com', name: 'pay', type: 'A' }))._unsafeUnwrap()?.values;
    expect(await read('azure')).toEqual(['azure']);
    expect(await read('route53')).toEqual(['route53']);
    expect(await read()).toEqual(['route53']);
    const handler = dns.handlers['dns.setTtl'];
    expect((await handler.execute(setTtl('azure'), context))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { by: 'azure' },
    });
    expect((await handler.execute(setTtl(undefined), context))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { by: 'route53' },
    });
    expect(handler.rateLimits?.(setTtl('azure'))).toEqual([
      { service: 'azure', bucket: 'writes', accountId: '', region: 'global' },
    ]);
    expect(azure.set).toEqual(['pay=3600']);
    expect(route53.set).toEqual(['pay=3600']);
  });

  it('refuses a record of a provider it was not given, and never serves it with the other', async () => {
    const route53 = namedDns('route53');
    const dns = dnsByProvider({ route53 });
    const read = await dns.getRecord({ provider: 'azure', zone: 'example.com', name: 'pay', type: 'A' });
    expect(read._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'provider' }] });
    const set = await dns.handlers['dns.setTtl'].execute(setTtl('azure'), context);
    expect(set._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(route53.set).toEqual([]);
  });
});

describe('composeProviders', () => {
  it('joins provider records that supply different ports', () => {
    const route53 = namedDns('route53');
    const azure = namedDns('azure');
    const composed = composeProviders({ cmdb: undefined }, { dns: dnsByProvider({ route53, azure }) });
    expect(Object.keys(composed._unsafeUnwrap())).toEqual(['dns']);
  });

  it('refuses two records that supply one port: a compile-time error, and InvalidInput at run time', () => {
    const source = { dns: namedDns('route53') };
    const target = { dns: namedDns('azure') };
    // @ts-expect-error: both supply `dns` (portsSuppliedTwice: 'dns')
    const typed = composeProviders(source, target);
    expect(typed._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'parts.1.dns' }] });
    const untyped = composeProviders(...([source, target] as Providers[]));
    expect(untyped._unsafeUnwrapErr().message).toContain('port "dns" is already supplied by part 0');
  });
});
