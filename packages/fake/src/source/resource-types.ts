/** The resource types of the fake source, as AWS Config / CloudFormation name them. */
export const AWS_TYPES = {
  instance: 'AWS::EC2::Instance',
  volume: 'AWS::EC2::Volume',
  /** Not a Config/CloudFormation type; decomkit's name for EBS snapshots. */
  snapshot: 'AWS::EC2::Snapshot',
  /** Not a Config/CloudFormation type; decomkit's name for AMIs. */
  image: 'AWS::EC2::Image',
  address: 'AWS::EC2::EIP',
  securityGroup: 'AWS::EC2::SecurityGroup',
  autoScalingGroup: 'AWS::AutoScaling::AutoScalingGroup',
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  dbInstance: 'AWS::RDS::DBInstance',
  dbCluster: 'AWS::RDS::DBCluster',
  bucket: 'AWS::S3::Bucket',
  table: 'AWS::DynamoDB::Table',
  function: 'AWS::Lambda::Function',
  queue: 'AWS::SQS::Queue',
  ecsService: 'AWS::ECS::Service',
  ecsCluster: 'AWS::ECS::Cluster',
  repository: 'AWS::ECR::Repository',
  stream: 'AWS::Kinesis::Stream',
  stateMachine: 'AWS::StepFunctions::StateMachine',
  topic: 'AWS::SNS::Topic',
  rule: 'AWS::Events::Rule',
  logGroup: 'AWS::Logs::LogGroup',
  alarm: 'AWS::CloudWatch::Alarm',
  secret: 'AWS::SecretsManager::Secret',
  cacheGroup: 'AWS::ElastiCache::ReplicationGroup',
  cacheCluster: 'AWS::ElastiCache::CacheCluster',
  fileSystem: 'AWS::EFS::FileSystem',
  warehouse: 'AWS::Redshift::Cluster',
  searchDomain: 'AWS::OpenSearch::Domain',
  restApi: 'AWS::ApiGateway::RestApi',
  httpApi: 'AWS::ApiGatewayV2::Api',
  distribution: 'AWS::CloudFront::Distribution',
  eksCluster: 'AWS::EKS::Cluster',
  eksNodegroup: 'AWS::EKS::Nodegroup',
  eventSourceMapping: 'AWS::Lambda::EventSourceMapping',
} as const;

/** The tag AWS puts on every instance an Auto Scaling group launches. */
export const AUTO_SCALING_GROUP_TAG = 'aws:autoscaling:groupName';
