import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const GROUP = 'AWS::AutoScaling::AutoScalingGroup';
const BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/** A suffix no load balancer or target group has (the service picks each one's). */
const NO_SUFFIX = '0123456789abcdef';

/**
 * The load-balancing rows: an Auto Scaling group (no stop and no protection
 * decomkit lifts: its instances go with its delete), a load balancer
 * (DeletionProtection: `deletion_protection.enabled`; no stop), a target
 * group (neither). Groups and balancers are seeded with no instances and no
 * listeners, so a delete is refused for nothing they hold.
 */
export const LOAD_BALANCING_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: GROUP,
    fixtures: [
      resourceFixture(GROUP, 'payments-asg', 'payments'),
      resourceFixture(GROUP, 'archive-asg', 'payments-archive'),
    ],
    arnOf: (name) =>
      worldArn('autoscaling', `autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${name}`),
    missing: 'payments-missing-asg',
    wrongArns: [
      worldArn('autoscaling', 'launchConfiguration:00000000-0000-0000-0000-000000000000:launchConfigurationName/web'),
      worldArn('autoscaling', 'autoScalingGroup:00000000-0000-0000-0000-000000000000'),
    ],
    deletable: 'payments-asg',
  },
  {
    type: BALANCER,
    fixtures: [
      resourceFixture(BALANCER, 'payments-edge', 'payments'),
      resourceFixture(BALANCER, 'payments-alb', 'payments', { deletionProtection: true }),
      resourceFixture(BALANCER, 'archive-alb', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('elasticloadbalancing', `loadbalancer/app/${name}/${NO_SUFFIX}`),
    missing: 'payments-missing-alb',
    wrongArns: [
      worldArn('elasticloadbalancing', `listener/app/payments-alb/${NO_SUFFIX}/${NO_SUFFIX}`),
      worldArn('elasticloadbalancing', 'loadbalancer/app/payments-alb'),
    ],
    deletable: 'payments-edge',
  },
  {
    type: TARGET_GROUP,
    fixtures: [
      resourceFixture(TARGET_GROUP, 'payments-tg', 'payments'),
      resourceFixture(TARGET_GROUP, 'archive-tg', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('elasticloadbalancing', `targetgroup/${name}/${NO_SUFFIX}`),
    missing: 'payments-missing-tg',
    wrongArns: [
      worldArn('elasticloadbalancing', `listener-rule/app/payments-alb/${NO_SUFFIX}/${NO_SUFFIX}/${NO_SUFFIX}`),
      worldArn('elasticloadbalancing', 'targetgroup/payments-tg'),
    ],
    deletable: 'payments-tg',
  },
];
