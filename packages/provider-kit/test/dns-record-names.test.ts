import { recordFqdn, relativeRecordName } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';

const normal = (name: string) => name.toLowerCase().replace(/\.$/, '');

describe('DNS record names', () => {
  it('makes a name relative to its zone (@ for the apex) and back to its FQDN, compared after the normal form', () => {
    expect(relativeRecordName('Pay.Example.com.', 'example.com', normal)).toBe('pay');
    expect(relativeRecordName('pay', 'example.com.', normal)).toBe('pay');
    expect(relativeRecordName('example.com', 'Example.COM.', normal)).toBe('@');
    expect(relativeRecordName('', 'example.com', normal)).toBe('@');
    expect(recordFqdn('@', 'Example.com.', normal)).toBe('example.com');
    expect(recordFqdn('pay.example.com.', 'example.com', normal)).toBe('pay.example.com');
    expect(recordFqdn('pay', 'example.com', normal)).toBe('pay.example.com');
  });
});
