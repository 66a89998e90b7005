import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { AwsClients, CLOUDFRONT_DISTRIBUTION } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { distributionIdOf } from '../src/resources/cloudfront-distribution.js';
import { motoClients, mutatingRequests, resetMoto, TEST_CREDENTIALS, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  contextFor,
  discoverAll,
  PAYMENTS_SOURCE,
  portsOn,
  reconcile,
  run,
  tagList,
} from './support/retirement-harness.js';

withOwnMoto();

const arnOf = (id: string) => `arn:aws:cloudfront::${MOTO_ACCOUNT_ID}:distribution/${id}`;
const cloudfront = (): CloudFrontClient => motoClients().get('cloudfront', 'us-east-1');
const ports = () => portsOn([CLOUDFRONT_DISTRIBUTION]);

/** An enabled distribution in front of one S3 origin, tagged; its id. */
async function seedDistribution(reference: string, tags: Record<string, string>): Promise<string> {
  const created = await cloudfront().send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        DistributionConfig: {
          CallerReference: reference,
          Comment: reference,
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [{ Id: 'site', DomainName: 'site.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'site',
            ViewerProtocolPolicy: 'allow-all',
            MinTTL: 0,
            ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
            TrustedSigners: { Enabled: false, Quantity: 0 },
          },
        },
        Tags: { Items: tagList(tags) },
      },
    }),
  );
  return created.Distribution?.Id ?? '';
}

const enabledNow = async (id: string) =>
  (await cloudfront().send(new GetDistributionCommand({ Id: id }))).Distribution?.DistributionConfig?.Enabled;

describe('CloudFront distributions (on moto)', () => {
  beforeEach(resetMoto);

  it('reads an id from a distribution ARN only (global: no region); bad input is refused with a typed error', async () => {
    expect(distributionIdOf(arnOf('E2QWRUHAPOMQZL'))).toBe('E2QWRUHAPOMQZL');
    expect(distributionIdOf(`${arnOf('E2QWRUHAPOMQZL')}/extra`)).toBeNull();
    expect(distributionIdOf(`arn:aws:cloudfront::${MOTO_ACCOUNT_ID}:origin-access-identity/E2Q`)).toBeNull();
    expect(CLOUDFRONT_DISTRIBUTION).toMatchObject({ stoppable: true, holdsData: false });
    const { retirement } = ports();
    const wrong = await run(retirement, actionOn(`arn:aws:sqs:eu-west-1:${MOTO_ACCOUNT_ID}:orders`, 'resource.delete'));
    expect(wrong._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('discovers a distribution named by ARN and describes it, read in us-east-1 whatever the region', async () => {
    // moto's tagging API writes distribution ARNs without their empty region field (`cloudfront:<account>:`),
    // which no ARN parser reads: the ARN selector stands in for the tagging API here.
    const ours = await seedDistribution('payments', { workload: 'payments' });
    const theirs = await seedDistribution('archive', { workload: 'payments-archive' });
    const found = await discoverAll(ports(), { ...PAYMENTS_SOURCE, select: { arns: [arnOf(ours)] } });
    expect([...found.keys()]).toEqual([arnOf(ours)]);
    expect(found.get(arnOf(ours))).toMatchObject({
      type: 'AWS::CloudFront::Distribution',
      region: 'us-east-1',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    const { inventory } = ports();
    expect((await inventory.describe(arnOf(theirs)))._unsafeUnwrap()?.tags).toEqual({ workload: 'payments-archive' });
    expect((await inventory.describe(arnOf('E0MISSING')))._unsafeUnwrap()).toBeNull();
  });

  it('disables as the scream test and waits until Deployed; refuses a delete once enabled again; deletes with the ETag', async () => {
    const id = await seedDistribution('payments', { workload: 'payments' });
    const { retirement } = ports();
    const stop = actionOn(arnOf(id), 'resource.stop');
    expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(retirement, stop))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { distributionId: id, enabled: false, state: 'stopped' },
    });
    expect(await enabledNow(id)).toBe(false);
    expect(await reconcile(retirement, stop)).toMatchObject({ status: 'done', result: { state: 'stopped' } });

    // Enabled again by someone: the delete is refused, nothing sent.
    const current = await cloudfront().send(new GetDistributionCommand({ Id: id }));
    await cloudfront().send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: current.ETag,
        DistributionConfig: { ...current.Distribution?.DistributionConfig, Enabled: true } as never,
      }),
    );
    const remove = actionOn(arnOf(id), 'resource.delete');
    const before = (await mutatingRequests()).length;
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: arnOf(id) });
    expect((await mutatingRequests()).length).toBe(before);

    expect((await run(retirement, stop)).isOk()).toBe(true);
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { distributionId: id, state: 'deleted' },
    });
    expect(await reconcile(retirement, remove)).toEqual({
      status: 'done',
      result: { distributionId: id, state: 'deleted' },
    });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { state: 'deleted' } });
    expect((await run(retirement, stop))._unsafeUnwrapErr().code).toBe('NotFound');
  });

  it('a stale ETag (PreconditionFailed) is never forced: it waits, reads again and sends the new ETag (mocked: moto ignores IfMatch)', async () => {
    const mock = mockClient(CloudFrontClient);
    const config = { CallerReference: 'payments', Comment: '', Enabled: false } as const;
    let etag = 'E1';
    let status = 'InProgress';
    // Each read answers the ETag then current; `changeAfterRead` has someone change it just after a read.
    let changeAfterRead = false;
    mock.on(GetDistributionCommand).callsFake(() => {
      const answer = {
        ETag: etag,
        Distribution: {
          Id: 'E2QWRUHAPOMQZL',
          ARN: arnOf('E2QWRUHAPOMQZL'),
          Status: status,
          DistributionConfig: config,
        },
      };
      if (changeAfterRead) {
        etag = 'E2';
        changeAfterRead = false;
      }
      return answer;
    });
    mock.on(DeleteDistributionCommand).callsFake((input: { IfMatch?: string }) => {
      if (input.IfMatch !== etag) {
        throw Object.assign(
          new Error('The precondition given in one or more of the request fields evaluated to false'),
          {
            name: 'PreconditionFailed',
            $fault: 'client',
            $metadata: { httpStatusCode: 412 },
          },
        );
      }
      return {};
    });
    const clients = new AwsClients({
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      pollMilliseconds: 1,
      clients: { cloudfront: new CloudFrontClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }) },
    });
    const remove = actionOn(arnOf('E2QWRUHAPOMQZL'), 'resource.delete');
    const handler = CLOUDFRONT_DISTRIBUTION.handlers(clients)['resource.delete'];
    // Still deploying the disable: wait, nothing sent.
    expect((await handler.execute(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({ status: 'pending' });
    expect(mock.commandCalls(DeleteDistributionCommand)).toHaveLength(0);
    // Deployed, but changed between the read and the delete: PreconditionFailed, then a fresh read.
    status = 'Deployed';
    changeAfterRead = true;
    const stale = (await handler.poll?.(remove, {}, contextFor(remove)))?._unsafeUnwrap();
    expect(stale).toMatchObject({ status: 'pending' });
    expect((await handler.poll?.(remove, {}, contextFor(remove)))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { distributionId: 'E2QWRUHAPOMQZL', state: 'deleted' },
    });
    expect(mock.commandCalls(DeleteDistributionCommand).map((call) => call.args[0].input.IfMatch)).toEqual([
      'E1',
      'E2',
    ]);
    mock.restore();
  });
});
