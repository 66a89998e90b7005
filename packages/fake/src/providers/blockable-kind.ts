import type { DecomError, Resource, ResultAsync, RetireBlocker } from '@decomkit/core';
import { decomError, errAsync } from '@decomkit/core';
import type { FakeEcrRepository, FakeKinesisStream, FakeStateMachine } from '../source/container-stream-types.js';
import type { FakeEcrKinesisStates } from '../source/ecr-kinesis-states.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

/** The records of each list of {@link FakeEcrKinesisStates}. */
interface Records {
  readonly repositories: FakeEcrRepository;
  readonly streams: FakeKinesisStream;
  readonly stateMachines: FakeStateMachine;
}

/** What one kind over {@link FakeEcrKinesisStates} declares. */
export interface BlockableKindSpec<List extends keyof Records> {
  readonly type: string;
  readonly list: List;
  /** The ARNs of the kind (anything else is refused). */
  readonly arnPattern: RegExp;
  /** The rate-limit service of its calls, and its `service:Operation` delete. */
  readonly service: string;
  readonly operation: string;
  /** The key naming it in the delete's result, and the id there. */
  readonly idKey: string;
  readonly nameOf: (record: Records[List]) => string;
  /** What keeps it from being retired as it stands (images, consumers, running executions), or null. */
  readonly blocker: (record: Records[List]) => RetireBlocker | null;
}

/**
 * A kind of ECR repositories, Kinesis streams or state machines, as the AWS
 * provider treats them: found through the tagging API, no protection, no
 * scream test, no data; what the provider reports as a retire blocker is
 * one here too, and the delete is refused for it (Conflict, nothing sent)
 * before the call; gone = done.
 */
export function blockableKind<List extends keyof Records>(
  services: FakeEcrKinesisStates,
  tagging: FakeTagging,
  spec: BlockableKindSpec<List>,
): ResourceKind {
  const toResource = (record: Records[List]): Resource => {
    const blocker = spec.blocker(record);
    const name = spec.nameOf(record);
    return {
      ...recordResource(spec.type, record, { name, state: 'ACTIVE' }),
      ...(blocker === null ? {} : { retireBlockers: [blocker] }),
    };
  };
  const deleted = (record: { arn: string }) => ({
    [spec.idKey]: record.arn.split(/[/:]/).slice(6).join('/'),
    state: 'deleted',
  });
  return defineFakeResourceKind({
    type: spec.type,
    idOf: (arn) => (spec.arnPattern.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) => goneAsNull(services.describe(spec.list, arn), toResource),
    retire: {
      claims: claimsOn(spec.service, 'default'),
      delete: {
        run: (arn) =>
          services.describe(spec.list, arn).andThen((record): ResultAsync<Record<string, string>, DecomError> => {
            const blocker = spec.blocker(record);
            if (blocker !== null)
              return errAsync(
                decomError.conflict({ message: `${spec.operation} on ${blocker.message}`, resource: arn }),
              );
            return services.delete(spec.list, arn).map(() => deleted(record));
          }),
        readBack: (arn) => goneRead(services.describe(spec.list, arn), deleted({ arn })),
      },
    },
  });
}
