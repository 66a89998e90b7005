import type { FakeEcrKinesisStates } from '../source/ecr-kinesis-states.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { blockableKind } from './blockable-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * Kinesis data streams, as the AWS provider treats them: one with registered
 * consumers carries a blocker naming them and its delete is refused
 * (DeleteStream never enforces consumer deletion).
 */
export function streamKind(services: FakeEcrKinesisStates, tagging: FakeTagging): ResourceKind {
  return blockableKind(services, tagging, {
    type: AWS_TYPES.stream,
    list: 'streams',
    arnPattern: /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]{1,128}$/,
    service: 'kinesis',
    operation: 'kinesis:DeleteStream',
    idKey: 'streamName',
    nameOf: (stream) => stream.streamName,
    blocker: (stream) =>
      stream.consumers.length === 0
        ? null
        : {
            code: 'stream-has-consumers',
            message: `${stream.arn} has ${stream.consumers.length} registered consumers (${stream.consumers.join(', ')}): deregister them first; not touched`,
          },
  });
}
