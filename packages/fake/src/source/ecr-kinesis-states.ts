import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeEcrRepository, FakeKinesisStream, FakeStateMachine } from './container-stream-types.js';
import { AWS_TYPES } from './resource-types.js';

/** What each of the three services calls its list, its not-found code and its delete. */
const SERVICES = {
  repositories: {
    service: 'ecr',
    type: AWS_TYPES.repository,
    describe: 'DescribeRepositories',
    remove: 'DeleteRepository',
    missing: 'RepositoryNotFoundException',
  },
  streams: {
    service: 'kinesis',
    type: AWS_TYPES.stream,
    describe: 'DescribeStreamSummary',
    remove: 'DeleteStream',
    missing: 'ResourceNotFoundException',
  },
  stateMachines: {
    service: 'states',
    type: AWS_TYPES.stateMachine,
    describe: 'DescribeStateMachine',
    remove: 'DeleteStateMachine',
    missing: 'StateMachineDoesNotExist',
  },
} as const;

/** The lists {@link FakeEcrKinesisStates} serves: repositories, streams and state machines. */
export type EcrKinesisStatesList = 'repositories' | 'streams' | 'stateMachines';
type ListName = EcrKinesisStatesList & keyof typeof SERVICES;
/** The record of one of those lists. */
export type EcrKinesisStatesRecord<List extends EcrKinesisStatesList> = {
  repositories: FakeEcrRepository;
  streams: FakeKinesisStream;
  stateMachines: FakeStateMachine;
}[List];

/**
 * The fake ECR, Kinesis and Step Functions control planes for repositories,
 * data streams and state machines, addressed by ARN, with AWS's rules:
 * DeleteRepository without force refuses a repository that holds images
 * (`RepositoryNotEmptyException`); DeleteStream with EnforceConsumerDeletion
 * false refuses a stream with registered consumers (`ResourceInUseException`);
 * DeleteStateMachine deletes whatever runs (AWS stops the running executions:
 * the AWS provider checks first). A missing one answers the service's
 * not-found code; a deleted one is gone at once.
 */
export class FakeEcrKinesisStates {
  constructor(private readonly world: FakeWorld) {}

  /** The service's describe of one resource of `list` (DescribeRepositories, DescribeStreamSummary, DescribeStateMachine). */
  describe<List extends ListName>(list: List, arn: string): ResultAsync<EcrKinesisStatesRecord<List>, DecomError> {
    const { service, describe } = SERVICES[list];
    return this.world.call(service, describe, false, arn, () =>
      this.find(list, arn).map((found) => structuredClone(found)),
    );
  }

  /** Deletes one resource of `list`, refused as the service refuses it. */
  delete(list: ListName, arn: string): ResultAsync<{ arn: string }, DecomError> {
    const { service, remove, type } = SERVICES[list];
    return this.world.call(service, remove, true, arn, () =>
      this.find(list, arn).andThen((found): Result<{ arn: string }, DecomError> => {
        const refused = refusal(list, found);
        if (refused !== null) return err(awsError.conflict(refused.code, `${arn}: ${refused.message}`, arn));
        const kept = (this.world.state[list] as readonly { arn: string }[]).filter((candidate) => candidate !== found);
        (this.world.state as Record<ListName, unknown>)[list] = kept;
        recordConfigChange(this.world, arn, type, 'ResourceDeleted');
        return ok({ arn });
      }),
    );
  }

  private find<List extends ListName>(list: List, arn: string): Result<EcrKinesisStatesRecord<List>, DecomError> {
    const records = this.world.state[list] as unknown as readonly EcrKinesisStatesRecord<List>[];
    const found = records.find((candidate) => candidate.arn === arn);
    return found === undefined
      ? err(awsError.notFound(SERVICES[list].missing, `${arn} does not exist`, arn))
      : ok(found);
  }
}

/** What the service refuses a delete for, or null. */
function refusal(list: ListName, found: FakeEcrRepository | FakeKinesisStream | FakeStateMachine) {
  if (list === 'repositories' && (found as FakeEcrRepository).images > 0)
    return { code: 'RepositoryNotEmptyException', message: 'the repository still contains images' };
  if (list === 'streams' && (found as FakeKinesisStream).consumers.length > 0)
    return { code: 'ResourceInUseException', message: 'the stream has registered consumers' };
  return null;
}
