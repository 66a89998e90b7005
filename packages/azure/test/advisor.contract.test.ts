import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { fixture, holdsSecret, testTarget, withNock } from './support/contract.js';

const list = fixture('advisor/ListRecommendations.2023-01-01.json');
const score = fixture('advisor/ListAdvisorScore.2023-01-01.json');
const SUBSCRIPTION = score.parameters.subscriptionId as string;
const ARM = 'https://management.azure.com';
const RECOMMENDATIONS = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Advisor/recommendations`;
const listBody = list.responses['200']?.body as { nextLink: string; value: Record<string, unknown>[] };

function recommendation(id: string, category: string, impact: string, problem: string) {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Advisor/recommendations/${id}`,
    name: id,
    properties: { category, impact, impactedValue: 'db', shortDescription: { problem, solution: problem } },
  };
}

describe('advisor over Azure Advisor (contract: ListRecommendations and ListAdvisorScore, 2023-01-01)', () => {
  withNock();

  it('reads every page (nextLink) and maps categories to pillars, HighAvailability to Reliability', async () => {
    const versions: (string | null)[] = [];
    nock(ARM)
      .get(RECOMMENDATIONS)
      .query((query) => query.$skiptoken === undefined)
      .reply((uri) => {
        versions.push(new URL(uri, ARM).searchParams.get('api-version'));
        return [200, { ...listBody, nextLink: listBody.nextLink.replace('/subscriptionId/', `/${SUBSCRIPTION}/`) }];
      });
    nock(ARM)
      .get(RECOMMENDATIONS)
      .query((query) => query.$skiptoken === 'skiptoken')
      .reply(200, { value: [recommendation('r3', 'Cost', 'Low', 'Right-size the database')] });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const found = (await ports.advisor.recommendations(SUBSCRIPTION))._unsafeUnwrap();
    expect(versions).toEqual([list.parameters['api-version']]);
    expect(found.map(({ pillar, impact }) => [pillar, impact])).toEqual([
      ['Reliability', 'Medium'],
      ['Security', 'Medium'],
      ['Cost', 'Low'],
    ]);
    expect(found[0]).toEqual({
      id: listBody.value[0]?.id,
      pillar: 'Reliability',
      impact: 'Medium',
      resourceId:
        '/subscriptions/53fbee0d-de2c-472b-9144-2341e6a0900b/resourceGroups/resourceGroup/providers/Microsoft.Compute/availabilitysets/abc',
      summary: 'To ensure high availability add one or more virtual machines to this availability set',
    });
  });

  it("reads Advisor's score per pillar for the review snapshot", async () => {
    const versions: (string | null)[] = [];
    nock(ARM)
      .get(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Advisor/advisorScore`)
      .query(true)
      .reply((uri) => {
        versions.push(new URL(uri, ARM).searchParams.get('api-version'));
        return [200, score.responses['200']?.body];
      });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const scores = (await ports.advisor.scores?.(SUBSCRIPTION))?._unsafeUnwrap();
    expect(versions).toEqual(['2023-01-01']);
    expect(scores?.map((entry) => entry.pillar)).toEqual([
      'Cost',
      'Performance',
      'Security',
      'Reliability',
      'OperationalExcellence',
      'Advisor',
    ]);
    expect(scores?.[0]).toEqual({
      pillar: 'Cost',
      score: 1,
      impactedResourceCount: 1,
      refreshedAt: '2020-06-25T00:00:00Z',
    });
  });

  it('refuses a category Advisor does not document rather than filing it under a pillar', async () => {
    nock(ARM)
      .get(RECOMMENDATIONS)
      .query(true)
      .reply(200, { value: [recommendation('r9', 'Sustainability', 'Low', 'Use less')] });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const error = (await ports.advisor.recommendations(SUBSCRIPTION))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'ProviderFailure' });
    expect(error.message).toContain('category Sustainability');
  });

  it('refuses another subscription than the target, asking nothing', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const error = (await ports.advisor.recommendations('11111111-2222-3333-4444-555555555555'))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'subscriptionId' }] });
  });

  it('reads 403 as AccessDenied and a persistent 429 as Throttled, on both calls, without the token', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    nock(ARM)
      .get(RECOMMENDATIONS)
      .query(true)
      .reply(403, { error: { code: 'AuthorizationFailed', message: 'no Advisor read' } });
    nock(ARM)
      .get(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Advisor/advisorScore`)
      .query(true)
      .times(3)
      .reply(429, { error: { code: 'TooManyRequests', message: 'later' } }, { 'Retry-After': '0' });
    const denied = (await ports.advisor.recommendations(SUBSCRIPTION))._unsafeUnwrapErr();
    const throttled = (await ports.advisor.scores?.(SUBSCRIPTION))?._unsafeUnwrapErr();
    expect(denied.code).toBe('AccessDenied');
    expect(throttled?.code).toBe('Throttled');
    expect(holdsSecret(denied) || holdsSecret(throttled)).toBe(false);
  });
});
