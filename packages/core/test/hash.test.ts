import { sha256 } from '@decomkit/core/provider-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashValue } from '../src/util/hash.js';
import { canonicalJson } from '../src/util/json.js';

describe('hashValue', () => {
  it('equals the SHA-256 of the canonical JSON, which parses back to the same value, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
        return hashValue(value) === sha256(canonicalJson(value));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('ignores key order and undefined fields, and sees every other difference', () => {
    expect(hashValue({ a: 1, b: [1, { c: 'x', d: undefined }] })).toBe(hashValue({ b: [1, { c: 'x' }], a: 1 }));
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }));
    expect(hashValue(['a', 'b'])).not.toBe(hashValue(['b', 'a']));
    expect(canonicalJson({ b: 1, 10: 2, '': 3, a: { d: 4, c: undefined } })).toBe('{"":3,"10":2,"a":{"d":4},"b":1}');
    const big = {
      items: Array.from({ length: 20_000 }, (_, index) => ({
        index,
        arn: `arn:aws:ec2:eu-west-1:1:instance/i-${index}`,
      })),
    };
    expect(hashValue(big)).toBe(sha256(canonicalJson(big)));
  });
});
