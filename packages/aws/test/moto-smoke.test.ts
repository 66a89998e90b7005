import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';

withOwnMoto();

describe('moto_server test infrastructure', () => {
  beforeEach(resetMoto);

  it('answers as account 111122223333 and records requests by action', async () => {
    const caller = await motoClients().get('sts', TEST_REGION).send(new GetCallerIdentityCommand({}));
    expect(caller.Account).toBe('111122223333');
    const recorded = await recordedRequests();
    expect(recorded.map((request) => request.action)).toEqual(['GetCallerIdentity']);
    expect(await mutatingRequests()).toEqual([]);
  });
});
