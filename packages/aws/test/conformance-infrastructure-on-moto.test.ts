import { runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { withOwnMoto } from './support/moto.js';
import { MOTO_CONTAINER_STREAM_FIXTURES } from './support/moto-container-stream-fixtures.js';
import { MOTO_EC2_FIXTURES } from './support/moto-ec2-fixtures.js';
import { motoFixtureTarget } from './support/moto-fixture-target.js';
import { MOTO_KMS_IAM_FIXTURES } from './support/moto-kms-iam-fixtures.js';
import { MOTO_MONITORING_FIXTURES } from './support/moto-monitoring-fixtures.js';
import { MOTO_SERVICE_FIXTURES } from './support/moto-service-fixtures.js';
import { MOTO_VPC_NETWORK_FIXTURES } from './support/moto-vpc-network-fixtures.js';

withOwnMoto();

/** Every infrastructure type this target seeds in moto, and how. */
const FIXTURE_TYPES = {
  ...MOTO_EC2_FIXTURES,
  ...MOTO_SERVICE_FIXTURES,
  ...MOTO_CONTAINER_STREAM_FIXTURES,
  ...MOTO_MONITORING_FIXTURES,
  ...MOTO_KMS_IAM_FIXTURES,
  ...MOTO_VPC_NETWORK_FIXTURES,
};

/**
 * @decomkit/aws held to the conformance suite's infrastructure rows
 * (resourceTypeConformance over `infrastructureRows`) on moto_server: each
 * row's world holds its own type only, seeded with the SDK; the oracle reads
 * it back with its own SDK clients and moto's request recorder, never through
 * the provider under test. The same rows run on @decomkit/fake
 * (packages/conformance/test/fake-conformance.test.ts), so the two cannot drift.
 */
const awsInfrastructureOnMoto = motoFixtureTarget(
  '@decomkit/aws on moto_server, EC2 / ELBv2 / Auto Scaling / RDS / SQS / ECS / ECR / Kinesis / Step Functions / SNS / EventBridge / Logs / CloudWatch / Secrets Manager / KMS / IAM / VPC networking',
  FIXTURE_TYPES,
);

runProviderConformance({ describe, it }, awsInfrastructureOnMoto);
