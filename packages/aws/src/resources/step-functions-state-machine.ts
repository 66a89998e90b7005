import {
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  type DescribeStateMachineCommandOutput,
  ListTagsForResourceCommand,
  paginateListExecutions,
} from '@aws-sdk/client-sfn';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { ecsTags } from './ecs-calls.js';
import { claimsOn, limited, placeOf } from './resource-type.js';

const TYPE = 'AWS::StepFunctions::StateMachine';
/** State machines described at once during discovery. */
const CONCURRENCY = 8;
/** Step Functions control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('sfn', 'default');

/** The name of a state machine ARN (`…:stateMachine:<name>`; not a version's, an alias's nor an execution's), or null. */
export function stateMachineNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'states', 'stateMachine:', ':');
  return name !== null && /^[A-Za-z0-9_-]{1,80}$/.test(name) ? name : null;
}

function stateMachineArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:states:${place.region}:${place.accountId}:stateMachine:${name}`;
}

/** Step Functions answers `StateMachineDoesNotExist` for a missing state machine: it is gone. */
const gone = (error: DecomError) =>
  error.code === 'NotFound' || awsErrorCode(error.cause) === 'StateMachineDoesNotExist';

/** DescribeStateMachine: the state machine, or null when it does not exist. */
function describeStateMachine(
  clients: AwsClients,
  place: Place,
  name: string,
): ResultAsync<DescribeStateMachineCommandOutput | null, DecomError> {
  const arn = stateMachineArn(place, name);
  return awsCall({ operation: 'states:DescribeStateMachine', resource: arn }, () =>
    clients.get('sfn', place.region).send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
  ).orElse((error) => (gone(error) ? okAsync(null) : errAsync(error)));
}

/** How many executions of the state machine are RUNNING (ListExecutions, every page). */
function runningExecutions(clients: AwsClients, region: string, arn: string): ResultAsync<number, DecomError> {
  return awsCall({ operation: 'states:ListExecutions', resource: arn }, async () => {
    let count = 0;
    const pages = paginateListExecutions(
      { client: clients.get('sfn', region) },
      { stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 1000 },
    );
    for await (const page of pages) count += (page.executions ?? []).length;
    return count;
  });
}

const runningMessage = (arn: string, count: number) =>
  `${arn} has ${count} running executions: let them finish or stop them first; not touched`;

function describeWithTags(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return describeStateMachine(clients, place, name).andThen((machine) => {
    if (machine === null) return okAsync(null);
    const arn = machine.stateMachineArn ?? stateMachineArn(place, name);
    return awsCall({ operation: 'states:ListTagsForResource', resource: arn }, () =>
      clients.get('sfn', place.region).send(new ListTagsForResourceCommand({ resourceArn: arn })),
    ).andThen((tagged) =>
      runningExecutions(clients, place.region, arn).map(
        (running): Resource => ({
          arn,
          type: TYPE,
          accountId: place.accountId,
          region: place.region,
          name,
          tags: ecsTags(tagged.tags),
          state: machine.status ?? 'unknown',
          protection: { deletion: false, stop: false },
          dependsOn: [],
          ...(running === 0
            ? {}
            : { retireBlockers: [{ code: 'running-executions', message: runningMessage(arn, running) }] }),
        }),
      ),
    );
  });
}

/**
 * Step Functions state machines. No protection, no scream test (a state
 * machine cannot be paused), no data kept (its execution history goes with
 * it). One with RUNNING executions carries a blocker (a blocking finding
 * naming the count), and its delete is refused (Conflict, nothing sent);
 * DeleteStateMachine otherwise; a DELETING one is waited on until gone.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // STATE_MACHINE among them
 * ```
 */
export const STATE_MACHINE = defineAwsResourceType({
  iam: {
    read: ['states:DescribeStateMachine', 'states:ListExecutions', 'states:ListTagsForResource'],
    delete: [onTarget('states:DeleteStateMachine')],
  },
  type: TYPE,
  arnShape: { service: 'states', prefix: 'stateMachine:' },
  config: { pattern: /^stateMachine:([A-Za-z0-9_-]{1,80})$/, lookup: 'name' },
  idOf: stateMachineNameOf,
  arnOf: stateMachineArn,
  arnOfPhysicalId: (place, physicalId) =>
    physicalId.startsWith('arn:') ? physicalId : stateMachineArn(place, physicalId),
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) => describeWithTags(clients, place, name)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: stateMachineNameOf,
      claims,
      operation: 'states:DeleteStateMachine',
      idKey: 'stateMachine',
      read: (clients, action, name) => describeStateMachine(clients, placeOf(action), name),
      deleting: (machine) => machine.status === 'DELETING',
      refusal: (clients, action, name) => {
        const arn = stateMachineArn(placeOf(action), name);
        return runningExecutions(clients, placeOf(action).region, arn).map((running) =>
          running === 0
            ? null
            : decomError.conflict({
                message: `states:DeleteStateMachine on ${runningMessage(arn, running)}`,
                resource: arn,
              }),
        );
      },
      send: (clients, action, name, options) =>
        clients
          .get('sfn', placeOf(action).region)
          .send(new DeleteStateMachineCommand({ stateMachineArn: stateMachineArn(placeOf(action), name) }), options),
    }),
});
