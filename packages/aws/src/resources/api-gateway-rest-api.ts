import {
  DeleteRestApiCommand,
  GetBasePathMappingsCommand,
  GetDomainNamesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import { awsCall } from '../aws-call.js';
import { apiGatewayApiType, domainMappings, everyApiPage, type GatewayApi, orMissing } from './api-gateway-api-type.js';

const asApi = (api: RestApi): GatewayApi => ({ id: api.id ?? '', name: api.name, tags: api.tags });

/**
 * API Gateway REST APIs (`arn:aws:apigateway:<region>::/restapis/<id>`: no
 * account in the ARN). No protection, no data, no scream test (an API has no
 * off switch that keeps it: its stages are its deployments). Discovered by
 * the tagging API and by GetRestApis (the emulator's tagging API lists no
 * APIs). A custom domain base path mapping that routes to it (GetDomainNames,
 * GetBasePathMappings each) is a blocking finding
 * (`api-mapped-by-custom-domain`): the domain is not retired here, and would
 * answer 403 for that path; the delete is refused (Conflict, nothing sent)
 * while one remains. Delete is DeleteRestApi (AWS allows about one every 30
 * seconds per account: a throttle is retried); one already gone counts as
 * deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [API_GATEWAY_REST_API]);
 * ```
 */
export const API_GATEWAY_REST_API = apiGatewayApiType({
  type: 'AWS::ApiGateway::RestApi',
  path: '/restapis/',
  deleteOperation: 'apigateway:DeleteRestApi',
  read: (clients, region, id) =>
    orMissing(
      awsCall({ operation: 'apigateway:GetRestApi', resource: id }, () =>
        clients.get('apigateway', region).send(new GetRestApiCommand({ restApiId: id })),
      ).map(asApi),
    ),
  list: (clients, region) =>
    awsCall({ operation: 'apigateway:GetRestApis' }, () =>
      everyApiPage(async (position) => {
        const page = await clients.get('apigateway', region).send(new GetRestApisCommand({ position, limit: 500 }));
        return { items: page.items?.map(asApi), next: page.position };
      }),
    ),
  mappings: (clients, region) => {
    const apigateway = clients.get('apigateway', region);
    return domainMappings(
      'apigateway:GetBasePathMappings',
      () =>
        everyApiPage(async (position) => {
          const page = await apigateway.send(new GetDomainNamesCommand({ position, limit: 500 }));
          return { items: page.items?.flatMap((domain) => domain.domainName ?? []), next: page.position };
        }),
      (domain) =>
        everyApiPage(async (position) => {
          const page = await apigateway.send(
            new GetBasePathMappingsCommand({ domainName: domain, position, limit: 500 }),
          );
          return {
            items: page.items?.map((mapping) => ({
              domain,
              path: mapping.basePath ?? '(none)',
              apiId: mapping.restApiId ?? '',
            })),
            next: page.position,
          };
        }),
    );
  },
  send: (clients, region, id, options) =>
    clients.get('apigateway', region).send(new DeleteRestApiCommand({ restApiId: id }), options),
});
