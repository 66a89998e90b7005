import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients, IamPolicyDocument } from '@decomkit/aws';

/** IAM action prefixes as moto authorizes them (the SigV4 signing name) where they differ from IAM's. */
const MOTO_PREFIX: Readonly<Record<string, string>> = { tag: 'tagging', cloudwatch: 'monitoring' };

/**
 * The policy as moto_server can evaluate it. moto authorizes each request as
 * `<signing name>:<API action>` (`tagging:GetResources`, not IAM's
 * `tag:GetResources`) and, for EC2, RDS and most services, against the
 * resource `"*"` (only SQS, S3, IAM and STS tell it the request's ARN), so a
 * statement scoped to ARNs never matches there: each statement keeps its
 * actions (and gains moto's spelling of them) with `Resource: "*"`. What moto
 * checks is therefore that every call's action is granted, not its scoping.
 */
export function motoEvaluablePolicy(policy: IamPolicyDocument): IamPolicyDocument {
  return {
    Version: policy.Version,
    Statement: policy.Statement.map((statement) => ({
      ...statement,
      Action: statement.Action.flatMap((action) => {
        const [prefix = '', name = ''] = action.split(':');
        const moto = MOTO_PREFIX[prefix];
        return moto === undefined ? [action] : [action, `${moto}:${name}`];
      }),
      Resource: '*',
    })),
  };
}

/** Creates an IAM user with exactly `policy` attached (a managed policy) and returns its access key. */
export async function createPolicyUser(
  clients: AwsClients,
  name: string,
  policy: IamPolicyDocument,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = clients.get('iam', 'us-east-1');
  await iam.send(new CreateUserCommand({ UserName: name }));
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
}

/**
 * Turns moto's IAM enforcement on (every request from now on is
 * authenticated and authorized against the caller's policies) or off.
 */
export async function enforceIam(endpoint: string, on: boolean): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: on ? '0' : 'inf' });
  if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
}
