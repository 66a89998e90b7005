import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  type DecomError,
  decomError,
  errAsync,
  type HiddenDependency,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { limited } from '@decomkit/provider-kit';
import { parseArn } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { type DependentCheck, found, merged, unchecked } from './dependent-check.js';
import { outsidePrincipals } from './outside-principals.js';
import { allowStatements } from './policy-statements.js';

/** The policy document of one resource (`null`: it has none), read by type. */
type PolicyReader = (clients: AwsClients, resource: Resource) => ResultAsync<string | null, DecomError>;

const READERS: Readonly<Record<string, PolicyReader>> = {
  'AWS::S3::Bucket': (clients, resource) => {
    const bucket = parseArn(resource.arn)?.resource ?? '';
    return awsCall({ operation: 's3:GetBucketPolicy', resource: resource.arn }, () =>
      clients.get('s3', resource.region).send(new GetBucketPolicyCommand({ Bucket: bucket })),
    )
      .map((answer) => answer.Policy ?? null)
      .orElse((error) => (isNoPolicy(error) ? okAsync(null) : errAsync(error)));
  },
  'AWS::SQS::Queue': (clients, resource) => {
    const parsed = parseArn(resource.arn);
    const sqs = clients.get('sqs', resource.region);
    return awsCall({ operation: 'sqs:GetQueueUrl', resource: resource.arn }, () =>
      sqs.send(
        new GetQueueUrlCommand({ QueueName: parsed?.resource ?? '', QueueOwnerAWSAccountId: parsed?.accountId }),
      ),
    )
      .andThen((queue) =>
        awsCall({ operation: 'sqs:GetQueueAttributes', resource: resource.arn }, () =>
          sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['Policy'] })),
        ),
      )
      .map((answer) => answer.Attributes?.Policy ?? null);
  },
  'AWS::SNS::Topic': (clients, resource) =>
    awsCall({ operation: 'sns:GetTopicAttributes', resource: resource.arn }, () =>
      clients.get('sns', resource.region).send(new GetTopicAttributesCommand({ TopicArn: resource.arn })),
    ).map((answer) => answer.Attributes?.Policy ?? null),
  'AWS::KMS::Key': (clients, resource) =>
    awsCall({ operation: 'kms:GetKeyPolicy', resource: resource.arn }, () =>
      clients.get('kms', resource.region).send(new GetKeyPolicyCommand({ KeyId: resource.arn, PolicyName: 'default' })),
    ).map((answer) => answer.Policy ?? null),
};

/** The resource types whose own policies are read. */
export const RESOURCE_POLICY_TYPES: ReadonlySet<string> = new Set(Object.keys(READERS));

function isNoPolicy(error: DecomError): boolean {
  return error.code === 'NotFound' && /NoSuchBucketPolicy/.test(awsErrorCode(error.cause) + error.message);
}

/**
 * `resource-policy`: each in-scope bucket, queue, topic and key's own policy,
 * read (four at a time) and searched for principals outside the workload
 * ({@link outsidePrincipals}). A policy that cannot be read or parsed leaves
 * its resource unchecked.
 */
export const resourcePolicyDependents: DependentCheck = async (context) => {
  const subjects = context.resources.filter((resource) => RESOURCE_POLICY_TYPES.has(resource.type));
  const scans = await limited(subjects, 4, (resource) => {
    const read = READERS[resource.type] as PolicyReader;
    return read(context.clients, resource)
      .andThen((policy) => {
        if (policy === null) return okAsync(found([]));
        const statements = allowStatements(policy);
        if (statements === null) {
          return errAsync(decomError.invalidInput(`the policy of ${resource.arn} is not a policy document`));
        }
        const dependencies: HiddenDependency[] = statements.flatMap((statement) =>
          outsidePrincipals(statement, context).map((principal) => ({
            resource: resource.arn,
            check: 'resource-policy' as const,
            dependent: principal,
            evidence: `its policy${statement.sid === null ? '' : ` (statement ${statement.sid})`} allows ${principal} ${statement.actions.join(', ')}`,
          })),
        );
        return okAsync(found(dependencies));
      })
      .orElse((error) => okAsync(unchecked('resource-policy', error, [resource])));
  });
  return scans.match(merged, (error) => unchecked('resource-policy', error, subjects));
};
