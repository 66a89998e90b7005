import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const DB_INSTANCE = 'AWS::RDS::DBInstance';
const DB_CLUSTER = 'AWS::RDS::DBCluster';
const QUEUE = 'AWS::SQS::Queue';

/**
 * The RDS rows (DB instance and Aurora cluster: stoppable, DeletionProtection;
 * `inScope[0]` is stopped, then deleted with its final snapshot, which
 * confirms the delete: `keepsFinalSnapshot`) and the SQS row (no stop, no
 * protection: AWS offers neither for a queue).
 */
export const RDS_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: DB_INSTANCE,
    fixtures: [
      resourceFixture(DB_INSTANCE, 'payments-reports', 'payments'),
      resourceFixture(DB_INSTANCE, 'payments-db', 'payments', { deletionProtection: true }),
      resourceFixture(DB_INSTANCE, 'archive-db', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('rds', `db:${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('rds', 'db:payments-db:extra'), worldArn('rds', 'snapshot:payments-db-final')],
    deletable: 'payments-reports',
    stoppable: true,
    // The delete reads the database first (its final snapshot): one that does not exist is NotFound.
    deleteOfMissing: 'NotFound',
    // Gone is done only with its final snapshot: reconciling the delete of a missing one fails closed.
    keepsFinalSnapshot: true,
  },
  {
    type: DB_CLUSTER,
    fixtures: [
      resourceFixture(DB_CLUSTER, 'payments-reports-cluster', 'payments'),
      resourceFixture(DB_CLUSTER, 'payments-cluster', 'payments', { deletionProtection: true }),
      resourceFixture(DB_CLUSTER, 'archive-cluster', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('rds', `cluster:${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('rds', 'cluster:payments-cluster:extra'),
      worldArn('rds', 'cluster-snapshot:payments-cluster-final'),
    ],
    deletable: 'payments-reports-cluster',
    stoppable: true,
    // The delete reads the database first (its final snapshot): one that does not exist is NotFound.
    deleteOfMissing: 'NotFound',
    // Gone is done only with its final snapshot: reconciling the delete of a missing one fails closed.
    keepsFinalSnapshot: true,
  },
  {
    type: QUEUE,
    fixtures: [resourceFixture(QUEUE, 'payments-jobs', 'payments'), resourceFixture(QUEUE, 'archive-jobs', null)],
    arnOf: (name) => worldArn('sqs', name),
    missing: 'payments-missing',
    wrongArns: [worldArn('sqs', 'payments-jobs/extra'), 'arn:aws:sqs:eu-west-1::payments-jobs'],
    deletable: 'payments-jobs',
  },
];
