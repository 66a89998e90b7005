import {
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  DeleteBasePathMappingCommand,
  GetRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDomainNameCommand as CreateHttpDomainNameCommand,
  GetApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { API_GATEWAY_HTTP_API, API_GATEWAY_REST_API } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, discoverAll, portsOn, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const restArn = (id: string) => `arn:aws:apigateway:${TEST_REGION}::/restapis/${id}`;
const httpArn = (id: string) => `arn:aws:apigateway:${TEST_REGION}::/apis/${id}`;
const rest = () => motoClients().get('apigateway', TEST_REGION);
const http = () => motoClients().get('apigatewayv2', TEST_REGION);
const ports = () => portsOn([API_GATEWAY_REST_API, API_GATEWAY_HTTP_API]);

async function seedRestApi(name: string, tags: Record<string, string>): Promise<string> {
  return (await rest().send(new CreateRestApiCommand({ name, tags }))).id ?? '';
}

async function seedHttpApi(name: string, tags: Record<string, string>): Promise<string> {
  return (await http().send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP', Tags: tags }))).ApiId ?? '';
}

describe('API Gateway REST and HTTP APIs (on moto)', () => {
  beforeEach(resetMoto);

  it('reads an id from its own ARN shape only (no account in it); bad input is refused with a typed error', async () => {
    expect(API_GATEWAY_REST_API.idOf(restArn('a1b2c3d4e5'))).toBe('a1b2c3d4e5');
    expect(API_GATEWAY_REST_API.idOf(httpArn('a1b2c3d4e5'))).toBeNull();
    expect(API_GATEWAY_REST_API.idOf(`${restArn('a1b2c3d4e5')}/stages/prod`)).toBeNull();
    expect(API_GATEWAY_HTTP_API.idOf(httpArn('a1b2c3d4e5'))).toBe('a1b2c3d4e5');
    expect(API_GATEWAY_HTTP_API.idOf(restArn('a1b2c3d4e5'))).toBeNull();
    expect(API_GATEWAY_REST_API).toMatchObject({
      type: 'AWS::ApiGateway::RestApi',
      stoppable: false,
      holdsData: false,
    });
    expect(API_GATEWAY_HTTP_API).toMatchObject({ type: 'AWS::ApiGatewayV2::Api', stoppable: false, holdsData: false });
    const { retirement } = portsOn([API_GATEWAY_REST_API]);
    expect((await run(retirement, actionOn(httpArn('a1b2c3d4e5'), 'resource.delete')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect((await run(retirement, actionOn(restArn('a1b2c3d4e5'), 'resource.stop')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
  });

  it('discovers tagged REST and HTTP APIs (not the look-alikes) by listing them; a custom domain mapping is a blocking finding', async () => {
    const api = await seedRestApi('payments', { workload: 'payments' });
    const mapped = await seedRestApi('payments-public', { workload: 'payments' });
    await seedRestApi('archive', { workload: 'payments-archive' });
    const httpApi = await seedHttpApi('payments-http', { workload: 'payments' });
    const httpMapped = await seedHttpApi('payments-http-public', { workload: 'payments' });
    await seedHttpApi('archive-http', { workload: 'payments-archive' });
    await rest().send(new CreateDomainNameCommand({ domainName: 'api.example.com' }));
    await rest().send(
      new CreateBasePathMappingCommand({ domainName: 'api.example.com', restApiId: mapped, basePath: 'v1' }),
    );
    await http().send(new CreateHttpDomainNameCommand({ DomainName: 'http.example.com' }));
    await http().send(
      new CreateApiMappingCommand({
        DomainName: 'http.example.com',
        ApiId: httpMapped,
        ApiMappingKey: 'v2',
        Stage: '$default',
      }),
    );
    const before = (await mutatingRequests()).length;
    const found = await discoverAll(ports());
    expect([...found.keys()].sort()).toEqual(
      [restArn(api), restArn(mapped), httpArn(httpApi), httpArn(httpMapped)].sort(),
    );
    expect(found.get(restArn(api))).toMatchObject({
      type: 'AWS::ApiGateway::RestApi',
      accountId: MOTO_ACCOUNT_ID,
      name: 'payments',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.get(restArn(api))?.retireBlockers).toBeUndefined();
    expect(found.get(restArn(mapped))?.retireBlockers).toEqual([
      { code: 'api-mapped-by-custom-domain', message: expect.stringContaining('api.example.com/v1') },
    ]);
    expect(found.get(httpArn(httpMapped))?.retireBlockers).toEqual([
      { code: 'api-mapped-by-custom-domain', message: expect.stringContaining('http.example.com/v2') },
    ]);
    const { inventory } = ports();
    expect((await inventory.describe(restArn('missing01')))._unsafeUnwrap()).toBeNull();
    expect((await mutatingRequests()).length).toBe(before);
  });

  it('deletes a REST API, refused while a base path mapping routes to it; reconciled before and after', async () => {
    const api = await seedRestApi('payments', { workload: 'payments' });
    await rest().send(new CreateDomainNameCommand({ domainName: 'api.example.com' }));
    await rest().send(
      new CreateBasePathMappingCommand({ domainName: 'api.example.com', restApiId: api, basePath: 'v1' }),
    );
    const { retirement } = ports();
    const remove = actionOn(restArn(api), 'resource.delete');
    const before = (await mutatingRequests()).length;
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: restArn(api) });
    expect(refused.message).toContain('api.example.com/v1');
    expect((await mutatingRequests()).length).toBe(before);

    await rest().send(new DeleteBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'v1' }));
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { apiId: api, state: 'deleted' },
    });
    await expect(rest().send(new GetRestApiCommand({ restApiId: api }))).rejects.toThrow();
    expect(await reconcile(retirement, remove)).toEqual({ status: 'done', result: { apiId: api, state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
  });

  it('deletes an HTTP API, refused while an API mapping routes to it', async () => {
    const api = await seedHttpApi('payments-http', { workload: 'payments' });
    const free = await seedHttpApi('payments-worker', { workload: 'payments' });
    await http().send(new CreateHttpDomainNameCommand({ DomainName: 'http.example.com' }));
    await http().send(
      new CreateApiMappingCommand({ DomainName: 'http.example.com', ApiId: api, ApiMappingKey: '', Stage: '$default' }),
    );
    const { retirement } = ports();
    const refused = (await run(retirement, actionOn(httpArn(api), 'resource.delete')))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: httpArn(api) });
    expect(refused.message).toContain('http.example.com/(none)');
    expect((await run(retirement, actionOn(httpArn(free), 'resource.delete')))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { apiId: free, state: 'deleted' },
    });
    await expect(http().send(new GetApiCommand({ ApiId: free }))).rejects.toThrow();
  });
});
