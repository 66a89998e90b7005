import { DATA_WORLD } from './data-resource-fixtures.js';
import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const REST_API = 'AWS::ApiGateway::RestApi';
const HTTP_API = 'AWS::ApiGatewayV2::Api';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const NODEGROUP = 'AWS::EKS::Nodegroup';
const EKS_CLUSTER = 'AWS::EKS::Cluster';
const MAPPING = 'AWS::Lambda::EventSourceMapping';

/** The EKS cluster the node group row's node groups belong to (the target creates it, tagged out of scope). */
export const ROW_EKS_CLUSTER = 'payments-nodes';

/** A UUID no node group or mapping of the rows' worlds has. */
const MISSING_UUID = '0d0e0000-0000-4000-8000-0000000000ff';

/** An API Gateway ARN (`arn:aws:apigateway:<region>::/<path>`: no account). */
const apiArn = (path: string) => `arn:aws:apigateway:${DATA_WORLD.region}::/${path}`;

/**
 * The edge and compute rows. API Gateway REST and HTTP APIs (the service
 * picks their ids: the oracle names their ARNs). CloudFront distributions
 * (global, in `us-east-1`; stoppable: disabled as the scream test; one still
 * enabled, `contents: 1`, is refused; named by what the service gives them:
 * the oracle's `resourceName`). EKS node groups (stoppable: scaled to 0; one
 * still scaled above 0, its `contents` the desired size, is refused) and
 * clusters (one with a node group, `contents`, is refused). Lambda event
 * source mappings (named by the UUID the service gives; stoppable: disabled;
 * one still enabled, `contents: 1`, is refused). None has deletion
 * protection in these worlds.
 */
export const EDGE_COMPUTE_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: REST_API,
    fixtures: [
      resourceFixture(REST_API, 'payments-api', 'payments'),
      resourceFixture(REST_API, 'archive-api', 'payments-archive'),
    ],
    arnOf: (name) => apiArn(`restapis/${name}`),
    missing: 'missing0api',
    wrongArns: [apiArn('restapis/abc123/stages/prod'), apiArn('domainnames/api.example.com')],
    deletable: 'payments-api',
  },
  {
    type: HTTP_API,
    fixtures: [
      resourceFixture(HTTP_API, 'payments-http', 'payments'),
      resourceFixture(HTTP_API, 'archive-http', 'payments-archive'),
    ],
    arnOf: (name) => apiArn(`apis/${name}`),
    missing: 'missing0api',
    wrongArns: [apiArn('apis/abc123/stages/prod'), apiArn('apis/abc123/routes/r1')],
    deletable: 'payments-http',
  },
  {
    type: DISTRIBUTION,
    regions: ['us-east-1'],
    fixtures: [
      resourceFixture(DISTRIBUTION, 'payments-cdn', 'payments', { contents: 1 }),
      resourceFixture(DISTRIBUTION, 'payments-old-cdn', 'payments'),
      resourceFixture(DISTRIBUTION, 'archive-cdn', 'payments-archive', { contents: 1 }),
    ],
    arnOf: (name) => `arn:aws:cloudfront::${DATA_WORLD.accountId}:distribution/${name}`,
    missing: 'E0MISSING00000',
    wrongArns: [
      `arn:aws:cloudfront::${DATA_WORLD.accountId}:origin-access-identity/E0PAYMENTS0001`,
      `arn:aws:cloudfront::${DATA_WORLD.accountId}:distribution/E0PAYMENTS0001/extra`,
    ],
    deletable: 'payments-old-cdn',
    stoppable: true,
    // Still enabled (serving): disabled by its scream test first, never deleted while it serves.
    refusedDeletes: ['payments-cdn'],
  },
  {
    type: NODEGROUP,
    fixtures: [
      resourceFixture(NODEGROUP, 'payments-workers', 'payments', { contents: 2 }),
      resourceFixture(NODEGROUP, 'payments-spare', 'payments'),
      resourceFixture(NODEGROUP, 'archive-workers', 'payments-archive', { contents: 1 }),
    ],
    arnOf: (name) => worldArn('eks', `nodegroup/${ROW_EKS_CLUSTER}/${name}/${MISSING_UUID}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('eks', `nodegroup/${ROW_EKS_CLUSTER}/payments-workers/${MISSING_UUID}/extra`),
      worldArn('eks', `fargateprofile/${ROW_EKS_CLUSTER}/payments/${MISSING_UUID}`),
    ],
    deletable: 'payments-spare',
    stoppable: true,
    // Still scaled above 0: its scream test scales it to 0 first.
    refusedDeletes: ['payments-workers'],
  },
  {
    type: EKS_CLUSTER,
    fixtures: [
      resourceFixture(EKS_CLUSTER, 'payments-eks', 'payments'),
      resourceFixture(EKS_CLUSTER, 'payments-busy-eks', 'payments', { contents: 1 }),
      resourceFixture(EKS_CLUSTER, 'archive-eks', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('eks', `cluster/${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('eks', 'cluster/payments-eks/extra'), worldArn('eks', 'addon/payments-eks/vpc-cni/0')],
    deletable: 'payments-eks',
    // A node group still in it: the node groups go first.
    refusedDeletes: ['payments-busy-eks'],
  },
  {
    type: MAPPING,
    fixtures: [
      resourceFixture(MAPPING, 'payments-orders', 'payments', { contents: 1 }),
      resourceFixture(MAPPING, 'payments-old-orders', 'payments'),
      resourceFixture(MAPPING, 'archive-orders', 'payments-archive', { contents: 1 }),
    ],
    arnOf: (name) => worldArn('lambda', `event-source-mapping:${name}`),
    missing: MISSING_UUID,
    wrongArns: [
      worldArn('lambda', `event-source-mapping:${MISSING_UUID}:extra`),
      worldArn('lambda', 'code-signing-config:csc-0123456789abcdef0'),
    ],
    deletable: 'payments-old-orders',
    stoppable: true,
    // Still enabled: disabled by its scream test first.
    refusedDeletes: ['payments-orders'],
  },
];
