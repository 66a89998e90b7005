import type { SourceServices } from '../source/source-services.js';
import { imageKind } from './kind-ami.js';
import { autoScalingGroupKind } from './kind-auto-scaling-group.js';
import { stackKind } from './kind-cloudformation-stack.js';
import { distributionKind } from './kind-cloudfront-distribution.js';
import { alarmKind } from './kind-cloudwatch-alarm.js';
import { tableKind } from './kind-dynamodb-table.js';
import { snapshotKind } from './kind-ebs-snapshot.js';
import { volumeKind } from './kind-ebs-volume.js';
import { instanceKind } from './kind-ec2-instance.js';
import { repositoryKind } from './kind-ecr-repository.js';
import { ecsClusterKind } from './kind-ecs-cluster.js';
import { ecsServiceKind } from './kind-ecs-service.js';
import { fileSystemKind } from './kind-efs-file-system.js';
import { eksClusterKind } from './kind-eks-cluster.js';
import { eksNodegroupKind } from './kind-eks-nodegroup.js';
import { addressKind } from './kind-elastic-ip.js';
import { cacheClusterKind } from './kind-elasticache-cache-cluster.js';
import { cacheGroupKind } from './kind-elasticache-replication-group.js';
import { eventSourceMappingKind, withEventSourceMappingDependents } from './kind-event-source-mapping.js';
import { ruleKind } from './kind-eventbridge-rule.js';
import { gatewayApiKind } from './kind-gateway-api.js';
import { instanceProfileKind } from './kind-iam-instance-profile.js';
import { managedPolicyKind } from './kind-iam-managed-policy.js';
import { iamRoleKind } from './kind-iam-role.js';
import { streamKind } from './kind-kinesis-stream.js';
import { kmsKeyKind } from './kind-kms-key.js';
import { functionKind } from './kind-lambda-function.js';
import { loadBalancerKind } from './kind-load-balancer.js';
import { logGroupKind } from './kind-log-group.js';
import { searchDomainKind } from './kind-opensearch-domain.js';
import { otherKind } from './kind-other.js';
import { dbClusterKind } from './kind-rds-db-cluster.js';
import { dbInstanceKind } from './kind-rds-db-instance.js';
import { warehouseKind } from './kind-redshift-cluster.js';
import { bucketKind } from './kind-s3-bucket.js';
import { secretKind } from './kind-secrets-manager-secret.js';
import { securityGroupKind } from './kind-security-group.js';
import { topicKind } from './kind-sns-topic.js';
import { queueKind } from './kind-sqs-queue.js';
import { stateMachineKind } from './kind-state-machine.js';
import { targetGroupKind } from './kind-target-group.js';
import { vpcNetworkKinds } from './kind-vpc-networking.js';
import type { ResourceKind } from './resource-kind.js';

/** The fake source services the resource kinds read and act through. */
export type FakeSourceServices = Omit<SourceServices, 'config' | 'backup'>;

/**
 * Every resource kind of the fake source; the catch-all `other` kind comes
 * last. `callerAccountId` is the account of the credentials: S3 bucket ARNs
 * name none, so a bucket is described as the caller's (its expected owner).
 */
export function fakeResourceKinds(
  services: FakeSourceServices,
  callerAccountId: () => string,
): readonly ResourceKind[] {
  // Functions, queues, streams and tables depend on the event source mappings that read from them.
  const mapped = (kind: ResourceKind) => withEventSourceMappingDependents(kind, services.edgeCompute);
  return [
    autoScalingGroupKind(services.autoScaling),
    instanceKind(services.ec2, services.autoScaling, services.ebs),
    volumeKind(services.ebs),
    addressKind(services.network, services.vpc),
    securityGroupKind(services.network),
    imageKind(services.images),
    snapshotKind(services.ebs, services.images),
    loadBalancerKind(services.elb),
    targetGroupKind(services.elb),
    dbInstanceKind(services.rds, services.rdsSnapshots),
    dbClusterKind(services.rds, services.rdsSnapshots),
    bucketKind(services.s3, services.tagging, callerAccountId),
    mapped(tableKind(services.dynamodb, services.tagging)),
    mapped(functionKind(services.lambda, services.tagging)),
    mapped(queueKind(services.sqs, services.tagging)),
    ecsServiceKind(services.ecs, services.tagging),
    ecsClusterKind(services.ecs, services.tagging),
    repositoryKind(services.ecrKinesisStates, services.tagging),
    mapped(streamKind(services.ecrKinesisStates, services.tagging)),
    stateMachineKind(services.ecrKinesisStates, services.tagging),
    topicKind(services.sns, services.alarms, services.tagging),
    ruleKind(services.events, services.tagging),
    logGroupKind(services.logs, services.tagging),
    alarmKind(services.alarms, services.tagging),
    secretKind(services.secretsManager, services.tagging),
    cacheGroupKind(services.dataStores, services.tagging),
    cacheClusterKind(services.dataStores, services.tagging),
    fileSystemKind(services.dataStores, services.tagging),
    warehouseKind(services.dataStores, services.tagging),
    searchDomainKind(services.dataStores, services.tagging),
    gatewayApiKind('REST', services.edgeCompute, services.tagging),
    gatewayApiKind('HTTP', services.edgeCompute, services.tagging),
    distributionKind(services.edgeCompute, services.tagging),
    eksNodegroupKind(services.edgeCompute, services.tagging),
    eksClusterKind(services.edgeCompute, services.tagging),
    eventSourceMappingKind(services.edgeCompute, services.tagging),
    kmsKeyKind(services.kms, services.tagging),
    iamRoleKind(services.iam),
    instanceProfileKind(services.iam),
    managedPolicyKind(services.iam),
    ...vpcNetworkKinds(services.vpc, services.tagging),
    stackKind(services.cloudFormation, services.tagging),
    otherKind(services.tagging, (arn) => arn.split(':')[4] ?? ''),
  ];
}
