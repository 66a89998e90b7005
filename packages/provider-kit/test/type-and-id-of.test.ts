import { typeAndIdOf } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { queueIdOf } from './support.js';

describe('typeAndIdOf', () => {
  it('routes an ARN to the first type that finds an id in it, with that id; null when none does', () => {
    const queue = { name: 'queue', idOf: queueIdOf };
    const anything = { name: 'anything', idOf: (arn: string) => arn };
    expect(typeAndIdOf([queue, anything], 'arn:test:queue/q1')).toEqual({ type: queue, id: 'q1' });
    expect(typeAndIdOf([queue, anything], 'arn:test:topic/t1')).toEqual({ type: anything, id: 'arn:test:topic/t1' });
    expect(typeAndIdOf([queue], 'arn:test:topic/t1')).toBeNull();
  });
});
