import type { FakeEcrKinesisStates } from '../source/ecr-kinesis-states.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { blockableKind } from './blockable-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * Step Functions state machines, as the AWS provider treats them: one with
 * RUNNING executions carries a blocker naming the count and its delete is
 * refused.
 */
export function stateMachineKind(services: FakeEcrKinesisStates, tagging: FakeTagging): ResourceKind {
  return blockableKind(services, tagging, {
    type: AWS_TYPES.stateMachine,
    list: 'stateMachines',
    arnPattern: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
    service: 'sfn',
    operation: 'states:DeleteStateMachine',
    idKey: 'stateMachine',
    nameOf: (machine) => machine.stateMachineName,
    blocker: (machine) =>
      machine.runningExecutions === 0
        ? null
        : {
            code: 'running-executions',
            message: `${machine.arn} has ${machine.runningExecutions} running executions: let them finish or stop them first; not touched`,
          },
  });
}
