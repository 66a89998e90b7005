import { describe, expect, it } from 'vitest';
import { recordingEntries } from './support/moto-server.js';

describe("moto's recording, as the tests and benchmarks read it", () => {
  it('reads two records moto wrote on one line, and blanks between, as two records', () => {
    const one = JSON.stringify({ method: 'POST', url: 'http://x/', headers: {}, body: 'a}{"b\\"' });
    const two = JSON.stringify({ method: 'GET', url: 'http://x/?Action=Y', headers: { h: '{' } });
    const text = `${one}${two}      \n\n${one}\n`;
    expect(recordingEntries(text).map((entry) => JSON.parse(entry))).toEqual([
      JSON.parse(one),
      JSON.parse(two),
      JSON.parse(one),
    ]);
  });
});
