import {
  type Api,
  DeleteApiCommand,
  GetApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetDomainNamesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { awsCall } from '../aws-call.js';
import { apiGatewayApiType, domainMappings, everyApiPage, type GatewayApi, orMissing } from './api-gateway-api-type.js';

const asApi = (
  api: Pick<Api, 'ApiId' | 'Tags' | 'ApiGatewayManaged'> & { readonly Name?: string | undefined },
): GatewayApi => ({
  id: api.ApiId ?? '',
  name: api.Name,
  tags: api.Tags,
  // A managed API can be deleted only by the service that created it.
  managedBy: api.ApiGatewayManaged === true ? 'the service that created it (ApiGatewayManaged)' : undefined,
});

/**
 * API Gateway HTTP and WebSocket APIs (`arn:aws:apigateway:<region>::/apis/<id>`:
 * no account in the ARN). Protection: an API API Gateway manages for another
 * service (`ApiGatewayManaged`) is reported protected and never deleted
 * here. No data, no scream test. Discovered by the tagging API and by
 * GetApis. A custom domain API mapping that routes to it (GetDomainNames,
 * GetApiMappings each) is a blocking finding (`api-mapped-by-custom-domain`);
 * the delete is refused (Conflict, nothing sent) while one remains. Delete
 * is DeleteApi; one already gone counts as deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [API_GATEWAY_HTTP_API]);
 * ```
 */
export const API_GATEWAY_HTTP_API = apiGatewayApiType({
  type: 'AWS::ApiGatewayV2::Api',
  path: '/apis/',
  deleteOperation: 'apigateway:DeleteApi',
  read: (clients, region, id) =>
    orMissing(
      awsCall({ operation: 'apigateway:GetApi', resource: id }, () =>
        clients.get('apigatewayv2', region).send(new GetApiCommand({ ApiId: id })),
      ).map(asApi),
    ),
  list: (clients, region) =>
    awsCall({ operation: 'apigateway:GetApis' }, () =>
      everyApiPage(async (token) => {
        const page = await clients.get('apigatewayv2', region).send(new GetApisCommand({ NextToken: token }));
        return { items: page.Items?.map(asApi), next: page.NextToken };
      }),
    ),
  mappings: (clients, region) => {
    const apigateway = clients.get('apigatewayv2', region);
    return domainMappings(
      'apigateway:GetApiMappings',
      () =>
        everyApiPage(async (token) => {
          const page = await apigateway.send(new GetDomainNamesCommand({ NextToken: token }));
          return { items: page.Items?.flatMap((domain) => domain.DomainName ?? []), next: page.NextToken };
        }),
      (domain) =>
        everyApiPage(async (token) => {
          const page = await apigateway.send(new GetApiMappingsCommand({ DomainName: domain, NextToken: token }));
          return {
            items: page.Items?.map((mapping) => ({
              domain,
              path: mapping.ApiMappingKey || '(none)',
              apiId: mapping.ApiId ?? '',
            })),
            next: page.NextToken,
          };
        }),
    );
  },
  send: (clients, region, id, options) =>
    clients.get('apigatewayv2', region).send(new DeleteApiCommand({ ApiId: id }), options),
});
