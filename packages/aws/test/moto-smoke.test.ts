import { StartBackupJobCommand } from '@aws-sdk/client-backup';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsCall } from '../src/aws-call.js';
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

  it('says in one line that the endpoint does not offer an operation (moto has no AWS Backup jobs)', async () => {
    const backup = motoClients().get('backup', TEST_REGION);
    const failure = (
      await awsCall(
        { operation: 'backup:StartBackupJob', resource: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1' },
        () =>
          backup.send(
            new StartBackupJobCommand({
              BackupVaultName: 'decom-archive',
              ResourceArn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1',
              IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
            }),
          ),
      )
    )._unsafeUnwrapErr();
    expect(failure).toMatchObject({ code: 'ProviderFailure', retryable: false });
    expect(failure.message).toBe(
      'backup:StartBackupJob on arn:aws:ec2:eu-west-1:111122223333:volume/vol-1: the endpoint does not offer this operation (HTTP 404 with a page that is not an AWS response)',
    );
  });
});
