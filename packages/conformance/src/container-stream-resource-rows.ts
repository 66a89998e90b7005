import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const ECS_SERVICE = 'AWS::ECS::Service';
const ECS_CLUSTER = 'AWS::ECS::Cluster';
const REPOSITORY = 'AWS::ECR::Repository';
const STREAM = 'AWS::Kinesis::Stream';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/** The cluster the ECS service row's services live in (the target creates it, untagged). */
export const ROW_ECS_CLUSTER = 'payments-cluster';

/**
 * The container and stream rows: the ECS service (stoppable: desired count 0;
 * a service still scaled above 0 is refused), the ECS cluster, the ECR
 * repository (one holding images is refused), the Kinesis data stream (one
 * with a registered consumer is refused) and the Step Functions state machine
 * (one with a running execution is refused). None has protection.
 */
export const CONTAINER_STREAM_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: ECS_SERVICE,
    fixtures: [
      resourceFixture(ECS_SERVICE, 'payments-web', 'payments', { contents: 2 }),
      resourceFixture(ECS_SERVICE, 'payments-api', 'payments', { contents: 1 }),
      resourceFixture(ECS_SERVICE, 'payments-jobs', 'payments'),
      resourceFixture(ECS_SERVICE, 'archive-web', 'payments-archive', { contents: 1 }),
    ],
    arnOf: (name) => worldArn('ecs', `service/${ROW_ECS_CLUSTER}/${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('ecs', 'service/payments-web'),
      worldArn('ecs', `service/${ROW_ECS_CLUSTER}/payments-web/extra`),
      worldArn('ecs', `task/${ROW_ECS_CLUSTER}/0123456789abcdef`),
    ],
    deletable: 'payments-jobs',
    stoppable: true,
    // Its desired count is its contents: one still scaled above 0 is not deleted until its scream test set it to 0.
    refusedDeletes: ['payments-api'],
  },
  {
    type: ECS_CLUSTER,
    fixtures: [
      resourceFixture(ECS_CLUSTER, 'payments-cluster', 'payments'),
      resourceFixture(ECS_CLUSTER, 'archive-cluster', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('ecs', `cluster/${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('ecs', 'cluster/payments-cluster/extra'), worldArn('ecs', 'cluster')],
    deletable: 'payments-cluster',
  },
  {
    type: REPOSITORY,
    fixtures: [
      resourceFixture(REPOSITORY, 'payments/web', 'payments'),
      resourceFixture(REPOSITORY, 'payments/old', 'payments', { contents: 2 }),
      resourceFixture(REPOSITORY, 'archive/web', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('ecr', `repository/${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('ecr', 'repository/Payments/Web'), worldArn('ecr', 'registry/payments')],
    deletable: 'payments/web',
    refusedDeletes: ['payments/old'],
  },
  {
    type: STREAM,
    fixtures: [
      resourceFixture(STREAM, 'payments-events', 'payments'),
      resourceFixture(STREAM, 'payments-audit', 'payments', { contents: 1 }),
      resourceFixture(STREAM, 'archive-events', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('kinesis', `stream/${name}`),
    missing: 'payments-missing',
    wrongArns: [
      `${worldArn('kinesis', 'stream/payments-events')}/consumer/audit:1700000000`,
      worldArn('firehose', 'deliverystream/payments-events'),
    ],
    deletable: 'payments-events',
    refusedDeletes: ['payments-audit'],
  },
  {
    type: STATE_MACHINE,
    fixtures: [
      resourceFixture(STATE_MACHINE, 'payments-flow', 'payments'),
      resourceFixture(STATE_MACHINE, 'payments-busy', 'payments', { contents: 1 }),
      resourceFixture(STATE_MACHINE, 'archive-flow', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('states', `stateMachine:${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('states', 'stateMachine:payments-flow:1'),
      worldArn('states', 'execution:payments-flow:run-1'),
    ],
    deletable: 'payments-flow',
    refusedDeletes: ['payments-busy'],
  },
];
