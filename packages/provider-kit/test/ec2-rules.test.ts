import { unplannedVolumes } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';

describe('unplannedVolumes', () => {
  const root = { id: 'vol-root', deleteOnTermination: true, tags: {} };
  const taggedRoot = { id: 'vol-tagged', deleteOnTermination: true, tags: { Name: 'data' } };
  const detached = { id: 'vol-kept', deleteOnTermination: false, tags: {} };

  it('lets an untagged DeleteOnTermination volume go with its instance, as part of it', () => {
    expect(unplannedVolumes([root], new Set())).toEqual([]);
  });

  it('names a tagged volume, or one that would be left detached, unless it is planned', () => {
    expect(unplannedVolumes([root, taggedRoot, detached], new Set())).toEqual([taggedRoot, detached]);
    expect(unplannedVolumes([root, taggedRoot, detached], new Set(['vol-tagged', 'vol-kept']))).toEqual([]);
  });
});
