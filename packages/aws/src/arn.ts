/** The parts of an ARN decomkit uses. */
export interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; null when it is not an ARN. */
export function parseArn(arn: string): ArnParts | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  return { service: parts[2] ?? '', region: parts[3] ?? '', accountId: parts[4] ?? '', resource: parts.slice(5).join(':') };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  'ec2:instance': 'AWS::EC2::Instance',
  'ec2:volume': 'AWS::EC2::Volume',
  'ec2:security-group': 'AWS::EC2::SecurityGroup',
  'ec2:elastic-ip': 'AWS::EC2::EIP',
  'ec2:image': 'AWS::EC2::Image',
  'ec2:snapshot': 'AWS::EC2::Snapshot',
  'rds:db': 'AWS::RDS::DBInstance',
  'rds:cluster': 'AWS::RDS::DBCluster',
  'autoscaling:autoScalingGroup': 'AWS::AutoScaling::AutoScalingGroup',
  'elasticloadbalancing:loadbalancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'elasticloadbalancing:targetgroup': 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'dynamodb:table': 'AWS::DynamoDB::Table',
  'lambda:function': 'AWS::Lambda::Function',
  'sqs:': 'AWS::SQS::Queue',
  'sns:': 'AWS::SNS::Topic',
  's3:': 'AWS::S3::Bucket',
};

/** The CloudFormation / AWS Config type name of an ARN (`AWS::EC2::Instance`), or `AWS::<Service>::Unknown`. */
export function typeOfArn(arn: string): string {
  const parts = parseArn(arn);
  if (parts === null) return 'AWS::Unknown::Unknown';
  const kind = parts.resource.split(/[/:]/)[0] ?? '';
  return TYPE_NAMES[`${parts.service}:${kind}`] ?? TYPE_NAMES[`${parts.service}:`] ?? `AWS::${parts.service.toUpperCase()}::${kind || 'Unknown'}`;
}
