import type { JsonObject } from '@decomkit/core';
import { createFakeCloud, restoreFakeCloud } from '@decomkit/fake';
import { sha256 } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { handlerOf, serviceAction } from './service-support.js';

function cloud(statusChoices?: { value: string; label: string }[]) {
  return createFakeCloud({
    now: '2026-12-16T00:00:00Z',
    services: {
      cmdb: {
        ...(statusChoices === undefined ? {} : { statusChoices }),
        items: [{ id: 'CI1', name: 'payments (AWS)' }, { id: 'CI9', name: 'payments (Azure)' }, { id: 'CI10' }],
      },
    },
  });
}

describe('fake CMDB', () => {
  it("retires a CI with the instance's own retired choice (looked up by label), links it, and reconciles", async () => {
    const fake = cloud([
      { value: 'in_use', label: 'In use' },
      { value: 'gone', label: 'Retired (decommissioned)' },
    ]);
    expect(fake.cmdb.item('CI1').status).toBe('in_use');
    const retire = handlerOf(
      fake,
      'cmdb',
      serviceAction('cmdb.retire', 'CI1', { ciId: 'CI1', azureCiIds: ['CI9', 'CI10'] }),
    );
    expect((await retire.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await retire.execute())._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        ciId: 'CI1',
        status: 'Retired (decommissioned)',
        statusValue: 'gone',
        links: ['CI9', 'CI10'],
        updatedAt: '2026-12-16T00:00:00.000Z',
      },
    });
    expect((await fake.providers.cmdb.getItem('CI1'))._unsafeUnwrap()).toEqual({
      id: 'CI1',
      name: 'payments (AWS)',
      status: 'gone',
      retired: true,
      links: ['CI9', 'CI10'],
    });
    expect((await retire.reconcile())._unsafeUnwrap().status).toBe('done');
    expect((await retire.execute())._unsafeUnwrap().status).toBe('done');
    expect(fake.calls.mutating().map((call) => call.operation)).toEqual(['PatchItem']);
  });

  it('uses ServiceNow’s default choices when none are seeded, and fails closed without a retired choice', async () => {
    const standard = cloud();
    const retire = handlerOf(standard, 'cmdb', serviceAction('cmdb.retire', 'CI1', { ciId: 'CI1' }));
    (await retire.execute())._unsafeUnwrap();
    expect(standard.cmdb.item('CI1').status).toBe('7');
    const odd = cloud([{ value: 'live', label: 'Live' }]);
    const refused = await handlerOf(odd, 'cmdb', serviceAction('cmdb.retire', 'CI1', { ciId: 'CI1' })).execute();
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    expect(odd.cmdb.item('CI1').status).toBe('live');
  });

  it('refuses unknown CIs (NotFound) and bad params (InvalidInput); an unknown id reads as null', async () => {
    const fake = cloud();
    expect((await fake.providers.cmdb.getItem('CI404'))._unsafeUnwrap()).toBeNull();
    const cases: [JsonObject, string][] = [
      [{ ciId: 'CI404' }, 'NotFound'],
      [{ ciId: 'CI1', azureCiIds: ['CI404'] }, 'NotFound'],
      [{}, 'InvalidInput'],
      [{ ciId: 'CI1', azureCiIds: 'CI9' }, 'InvalidInput'],
    ];
    for (const [params, code] of cases) {
      const attempt = handlerOf(fake, 'cmdb', serviceAction('cmdb.retire', 'x', params));
      expect((await attempt.execute())._unsafeUnwrapErr().code, JSON.stringify(params)).toBe(code);
    }
    expect(fake.cmdb.item('CI1').status).toBe('1');
    expect(() => fake.cmdb.item('CI404')).toThrow('CI404');
  });

  it('schedules a review once per action key, by CI or by workload; reconcile finds it; bad params refused', async () => {
    const fake = cloud();
    const params = { ciId: 'CI9', workloadId: 'payments', cadenceMonths: 6, firstReviewAt: '2027-06-16T00:00:00Z' };
    const review = handlerOf(fake, 'cmdb', serviceAction('review.schedule', 'waf', params));
    expect((await review.reconcile())._unsafeUnwrap().status).toBe('absent');
    const first = (await review.execute())._unsafeUnwrap();
    expect(first).toMatchObject({
      status: 'done',
      result: { ciId: 'CI9', cadenceMonths: 6, firstReviewAt: '2027-06-16T00:00:00.000Z' },
    });
    expect((await review.execute())._unsafeUnwrap()).toEqual(first);
    expect((await review.reconcile())._unsafeUnwrap()).toEqual(first);
    const byWorkload = handlerOf(
      fake,
      'cmdb',
      serviceAction('review.schedule', 'waf-2', {
        workloadId: 'billing',
        cadenceMonths: 12,
        firstReviewAt: '2027-12-16T00:00:00Z',
      }),
    );
    (await byWorkload.execute())._unsafeUnwrap();
    expect(fake.cmdb.reviews().map((entry) => [entry.workloadId, entry.ciId])).toEqual([
      ['payments', 'CI9'],
      ['billing', null],
    ]);
    expect(fake.calls.of('CreateReview')).toHaveLength(2);
    const cases: [JsonObject, string][] = [
      [{ cadenceMonths: 6, firstReviewAt: '2027-06-16T00:00:00Z' }, 'InvalidInput'],
      [{ workloadId: 'payments', cadenceMonths: 0, firstReviewAt: '2027-06-16T00:00:00Z' }, 'InvalidInput'],
      [{ workloadId: 'payments', cadenceMonths: 6, firstReviewAt: 'next spring' }, 'InvalidInput'],
      [{ ciId: 'CI404', cadenceMonths: 6, firstReviewAt: '2027-06-16T00:00:00Z' }, 'NotFound'],
    ];
    for (const [bad, code] of cases) {
      const attempt = handlerOf(
        fake,
        'cmdb',
        serviceAction('review.schedule', 'bad', bad, `bad:${JSON.stringify(bad)}`),
      );
      expect((await attempt.execute())._unsafeUnwrapErr().code, JSON.stringify(bad)).toBe(code);
    }
    const restored = restoreFakeCloud(fake.snapshot());
    expect(restored.cmdb.reviews()).toHaveLength(2);
  });
});

describe('fake artifact store (artifact.put)', () => {
  it('publishes a text or base64 document; the same name and hash again is done without a write; reconcile checks the hash', async () => {
    const fake = cloud();
    const put = handlerOf(
      fake,
      'artifacts',
      serviceAction('artifact.put', 'doc', {
        name: 'decomkit/payments/record.json',
        contentType: 'application/json',
        body: '{"a":1}',
      }),
    );
    expect((await put.reconcile())._unsafeUnwrap().status).toBe('absent');
    expect((await put.execute())._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { sha256: sha256('{"a":1}'), size: 7 },
    });
    expect((await put.execute())._unsafeUnwrap()).toMatchObject({ status: 'done', result: { unchanged: true } });
    expect((await put.reconcile())._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { name: 'decomkit/payments/record.json', sha256: sha256('{"a":1}'), size: 7 },
    });
    expect(fake.calls.of('PutBlob')).toHaveLength(1);
    expect(fake.artifacts.get('decomkit/payments/record.json')).toMatchObject({
      text: '{"a":1}',
      contentType: 'application/json',
    });
    const changed = handlerOf(
      fake,
      'artifacts',
      serviceAction('artifact.put', 'doc', {
        name: 'decomkit/payments/record.json',
        contentType: 'application/json',
        body: '{"a":2}',
      }),
    );
    expect((await changed.reconcile())._unsafeUnwrap().status).toBe('absent');
    (await changed.execute())._unsafeUnwrap();
    expect(fake.artifacts.get('decomkit/payments/record.json')?.text).toBe('{"a":2}');
    const binary = handlerOf(
      fake,
      'artifacts',
      serviceAction('artifact.put', 'bin', {
        name: 'bin',
        contentType: 'application/octet-stream',
        bodyBase64: Buffer.from([0, 255, 7]).toString('base64'),
      }),
    );
    (await binary.execute())._unsafeUnwrap();
    expect([...(fake.artifacts.get('bin')?.bytes ?? [])]).toEqual([0, 255, 7]);
    expect(fake.artifacts.names()).toEqual(['decomkit/payments/record.json', 'bin']);
  });

  it('refuses incomplete or ambiguous params and invalid names', async () => {
    const fake = cloud();
    const cases: JsonObject[] = [
      { body: 'y' },
      { name: 'x', body: 'y' },
      { name: 'x', contentType: 'text/plain' },
      { name: 'x', contentType: 'text/plain', body: 'y', bodyBase64: 'eQ==' },
      { name: 'x', contentType: 'text/plain', bodyBase64: 'not base64!' },
    ];
    for (const params of cases) {
      const attempt = handlerOf(fake, 'artifacts', serviceAction('artifact.put', 'x', params));
      expect((await attempt.execute())._unsafeUnwrapErr().code, JSON.stringify(params)).toBe('InvalidInput');
    }
    expect(
      (await fake.providers.artifacts.put('folder/', new Uint8Array([1]), 'text/plain'))._unsafeUnwrapErr().code,
    ).toBe('InvalidInput');
    expect(fake.artifacts.names()).toEqual([]);
  });
});
