import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const INSTANCE = 'AWS::EC2::Instance';
const VOLUME = 'AWS::EC2::Volume';
const SNAPSHOT = 'AWS::EC2::Snapshot';
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const ADDRESS = 'AWS::EC2::EIP';
const IMAGE = 'AWS::EC2::Image';

/** EC2 picks the ids: a fixture is named by its `Name` tag, and its ARN read from the world (`resourceArn`). */
const named = { nameTag: true } as const;

/**
 * The ARN `kind/<name>` in the rows' world: EC2 names a resource by the id it
 * picked, so only `missing` (an id no resource has) is named this way.
 */
const ec2ArnOf = (kind: string) => (name: string) => worldArn('ec2', `${kind}/${name}`);

/** ARNs of `kind` that name no id or a part of one: every handler refuses them. */
const wrongEc2Arns = (kind: string, id: string) => [
  worldArn('ec2', `${kind}/`),
  worldArn('ec2', `${kind}/${id}/extra`),
];

/**
 * The row of an EC2 type with neither stop nor protection: `payments-<name>`
 * in scope (deleted), `archive-<name>` a look-alike; `missing` an id of
 * `idPrefix` no resource has.
 */
function plainEc2Row(type: string, kind: string, idPrefix: string, name: string): ResourceRowSpec {
  const missing = `${idPrefix}-0123456789abcdef0`;
  return {
    type,
    fixtures: [
      resourceFixture(type, `payments-${name}`, 'payments', named),
      resourceFixture(type, `archive-${name}`, 'payments-archive', named),
    ],
    arnOf: ec2ArnOf(kind),
    missing,
    wrongArns: wrongEc2Arns(kind, missing),
    deletable: `payments-${name}`,
  };
}

/**
 * The EC2 rows. An instance stops and has deletion protection
 * (DisableApiTermination); volumes, snapshots, security groups and Elastic
 * IPs have neither (`stoppable` and `protectedNames` left out: AWS offers
 * no stop and no protection for them). The AMI row has no protected image
 * (`protectedNames` left out although AMIs have deregistration protection):
 * moto_server has none, so the AWS provider's lift and its cooldown are held
 * to a mocked client (packages/aws/test/resources-compute-on-moto.test.ts),
 * not to this row.
 */
export const EC2_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: INSTANCE,
    fixtures: [
      resourceFixture(INSTANCE, 'payments-worker', 'payments', named),
      resourceFixture(INSTANCE, 'payments-web', 'payments', { ...named, deletionProtection: true }),
      resourceFixture(INSTANCE, 'archive-web', 'payments-archive', named),
    ],
    arnOf: ec2ArnOf('instance'),
    missing: 'i-0123456789abcdef0',
    wrongArns: wrongEc2Arns('instance', 'i-0123456789abcdef0'),
    deletable: 'payments-worker',
    stoppable: true,
    protectionRefusedByService: true,
    goneCountsAsStopped: true,
    // TerminateInstances answers InvalidInstanceID.NotFound for an id EC2 never gave (AWS and the fake alike).
    deleteOfMissing: 'NotFound',
  },
  plainEc2Row(VOLUME, 'volume', 'vol', 'data'),
  plainEc2Row(SNAPSHOT, 'snapshot', 'snap', 'data-snapshot'),
  plainEc2Row(SECURITY_GROUP, 'security-group', 'sg', 'web-sg'),
  plainEc2Row(ADDRESS, 'elastic-ip', 'eipalloc', 'ip'),
  plainEc2Row(IMAGE, 'image', 'ami', 'golden'),
];
