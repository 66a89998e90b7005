import { awsIamPolicy, type IamPolicyDocument, MANAGED_POLICY_MAX_CHARACTERS, splitIamPolicy } from '@decomkit/aws';
import { defineWorkload, type Plan } from '@decomkit/core';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const workload = defineWorkload({
  id: 'payments',
  source: { accountId: ACCOUNT, regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
})._unsafeUnwrap();

function instancesPlan(count: number): Plan {
  const arns = Array.from({ length: count }, (_, index) => {
    const id = index.toString(16).padStart(17, '0');
    return `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${id}`;
  });
  const actions = arns.flatMap((arn) =>
    ['resource.stop', 'resource.delete'].map((kind) => ({
      key: `retire:${kind}:${arn}`,
      step: 'retire',
      item: 'retire' as const,
      kind,
      target: { ref: arn, arn, resourceType: 'AWS::EC2::Instance' },
      params: {},
      gates: [],
      dependsOn: [],
    })),
  );
  const step = { id: 'retire', item: 'retire' as const, title: 'Retire', needs: [], after: [], actions, findings: [] };
  return { schemaVersion: 1, createdAt: '', workload, caller: null, steps: [step], inventory: [], hash: '' };
}

/** Every (action, resource) pair a set of documents grants. */
function grants(documents: readonly IamPolicyDocument[]): string[] {
  return documents
    .flatMap((document) => document.Statement)
    .flatMap((statement) =>
      statement.Action.flatMap((action) =>
        (typeof statement.Resource === 'string' ? [statement.Resource] : statement.Resource).map(
          (resource) => `${action} ${resource}`,
        ),
      ),
    )
    .sort();
}

describe('splitIamPolicy', () => {
  it('keeps a policy that fits whole', () => {
    const policy = awsIamPolicy(instancesPlan(2))._unsafeUnwrap();
    expect(splitIamPolicy(policy)).toEqual([policy]);
  });

  it('splits a large plan into managed policies that each fit and together grant exactly the same', () => {
    const policy = awsIamPolicy(instancesPlan(300))._unsafeUnwrap();
    expect(JSON.stringify(policy).length).toBeGreaterThan(MANAGED_POLICY_MAX_CHARACTERS);
    const documents = splitIamPolicy(policy);
    expect(documents.length).toBeGreaterThan(1);
    for (const document of documents)
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
    expect(grants(documents)).toEqual(grants([policy]));
    const sids = documents.flatMap((document) => document.Statement.map((statement) => statement.Sid));
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('cuts a read statement on "*" along its actions when it is too large alone', () => {
    const policy = awsIamPolicy(instancesPlan(1))._unsafeUnwrap();
    const documents = splitIamPolicy(policy, 1000);
    for (const document of documents) expect(JSON.stringify(document).length).toBeLessThanOrEqual(1000);
    expect(grants(documents)).toEqual(grants([policy]));
  });
});
