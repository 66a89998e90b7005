import { type Checklist, type ChecklistItemId, createChecklist, defineStep, type Step, verified } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { paymentsWorkload } from './support/workloads.js';

const workload = paymentsWorkload();

/** A step that plans nothing and verifies at once. */
function step(id: string, after: readonly string[] = [], item: ChecklistItemId = 'retire'): Step<never> {
  return defineStep({
    id,
    item,
    title: `Step ${id}`,
    needs: [],
    after,
    plan: () => ({ actions: [] }),
    verify: () => verified(`${id} done`),
  });
}

function idsOf(checklist: Checklist): string[] {
  return checklist.steps.map((candidate) => candidate.id);
}

function orderOf(checklist: Checklist): string[] {
  return checklist
    .validate()
    ._unsafeUnwrap()
    .map((candidate) => candidate.id);
}

function issuesOf(checklist: Checklist): { path: string; message: string }[] {
  const result = checklist.validate();
  expect(result.isErr()).toBe(true);
  const error = result._unsafeUnwrapErr();
  expect(error.code).toBe('InvalidInput');
  return error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

const base = () => createChecklist(workload, [step('alpha'), step('beta'), step('gamma')]);

describe('createChecklist and its edits', () => {
  it('keeps the workload and the steps in the order given', () => {
    const checklist = base();
    expect(checklist.workload).toBe(workload);
    expect(idsOf(checklist)).toEqual(['alpha', 'beta', 'gamma']);
    expect(checklist.step('beta')?.title).toBe('Step beta');
    expect(checklist.step('delta')).toBeUndefined();
    expect(orderOf(checklist)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('defineStep defaults after to an empty list', () => {
    const defined = defineStep({
      id: 'lonely',
      item: 'ttl',
      title: 'Lonely',
      needs: [],
      plan: () => ({ actions: [] }),
      verify: () => verified('ok'),
    });
    expect(defined.after).toEqual([]);
  });

  it('insertAfter puts the step right after its anchor', () => {
    expect(idsOf(base().insertAfter('alpha', step('delta')))).toEqual(['alpha', 'delta', 'beta', 'gamma']);
    expect(idsOf(base().insertAfter('gamma', step('delta')))).toEqual(['alpha', 'beta', 'gamma', 'delta']);
  });

  it('requiredBy makes the named steps wait for the inserted one, whatever its place', () => {
    const checklist = base().insertAfter('gamma', step('delta'), { requiredBy: ['beta'] });
    expect(idsOf(checklist)).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect(checklist.step('beta')?.after).toEqual(['delta']);
    expect(orderOf(checklist)).toEqual(['alpha', 'gamma', 'delta', 'beta']);
    expect(orderOf(base().insertBefore('alpha', step('delta'), { requiredBy: ['gamma'] }))).toEqual([
      'delta',
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(
      base()
        .append(step('delta'), { requiredBy: ['alpha'] })
        .step('alpha')?.after,
    ).toEqual(['delta']);
  });

  it('requiredBy naming an unknown step is a failed edit that changes nothing', () => {
    const checklist = base().insertAfter('alpha', step('delta'), { requiredBy: ['beta', 'missing'] });
    expect(idsOf(checklist)).toEqual(['alpha', 'beta', 'gamma']);
    expect(checklist.step('beta')?.after).toEqual([]);
    expect(issuesOf(checklist)).toEqual([
      { path: 'steps', message: 'insertAfter requiredBy("missing"): no step has that id' },
    ]);
  });

  it('requiredBy that is not a list of ids is a failed edit', () => {
    const checklist = base().insertBefore('beta', step('delta'), { requiredBy: 'gamma' as unknown as string[] });
    expect(idsOf(checklist)).toEqual(['alpha', 'beta', 'gamma']);
    expect(issuesOf(checklist)[0]?.message).toContain('requiredBy must be a list of step ids');
  });

  it('requiredBy that closes a cycle is reported by validate', () => {
    const checklist = base().insertAfter('alpha', step('delta', ['beta']), { requiredBy: ['beta'] });
    expect(issuesOf(checklist)[0]?.message).toContain('cycle');
  });

  it('insertBefore puts the step right before its anchor', () => {
    expect(idsOf(base().insertBefore('alpha', step('delta')))).toEqual(['delta', 'alpha', 'beta', 'gamma']);
    expect(idsOf(base().insertBefore('gamma', step('delta')))).toEqual(['alpha', 'beta', 'delta', 'gamma']);
  });

  it('append adds at the end', () => {
    expect(idsOf(base().append(step('delta')))).toEqual(['alpha', 'beta', 'gamma', 'delta']);
  });

  it('replace swaps the step in place, even for one with another id', () => {
    const replacement = step('beta-prime', [], 'backups');
    const checklist = base().replace('beta', replacement);
    expect(idsOf(checklist)).toEqual(['alpha', 'beta-prime', 'gamma']);
    expect(checklist.step('beta-prime')).toBe(replacement);
    expect(checklist.validate().isOk()).toBe(true);
  });

  it('without removes the step and drops after references to it', () => {
    const checklist = createChecklist(workload, [
      step('alpha'),
      step('beta', ['alpha']),
      step('gamma', ['alpha', 'beta']),
    ]);
    const edited = checklist.without('alpha');
    expect(idsOf(edited)).toEqual(['beta', 'gamma']);
    expect(edited.step('beta')?.after).toEqual([]);
    expect(edited.step('gamma')?.after).toEqual(['beta']);
    expect(orderOf(edited)).toEqual(['beta', 'gamma']);
  });

  it('edits return a new checklist and leave the original untouched', () => {
    const original = base();
    const edited = original.append(step('delta')).without('alpha').insertBefore('beta', step('epsilon'));
    expect(idsOf(original)).toEqual(['alpha', 'beta', 'gamma']);
    expect(idsOf(edited)).toEqual(['epsilon', 'beta', 'gamma', 'delta']);
    expect(original.validate().isOk()).toBe(true);
  });
});

describe('Checklist.validate', () => {
  it.each([
    ['insertAfter', (checklist: Checklist) => checklist.insertAfter('missing', step('delta'))],
    ['insertBefore', (checklist: Checklist) => checklist.insertBefore('missing', step('delta'))],
    ['replace', (checklist: Checklist) => checklist.replace('missing', step('delta'))],
    ['without', (checklist: Checklist) => checklist.without('missing')],
  ])('reports %s with an unknown anchor id and leaves the steps as they were', (edit, apply) => {
    const checklist = apply(base());
    expect(idsOf(checklist)).toEqual(['alpha', 'beta', 'gamma']);
    const issues = issuesOf(checklist);
    expect(issues).toEqual([{ path: 'steps', message: `${edit}("missing"): no step has that id` }]);
  });

  it('remembers a failed edit through later edits', () => {
    const checklist = base().without('missing').append(step('delta')).insertAfter('alpha', step('epsilon'));
    expect(idsOf(checklist)).toEqual(['alpha', 'epsilon', 'beta', 'gamma', 'delta']);
    expect(issuesOf(checklist).map((issue) => issue.message)).toEqual(['without("missing"): no step has that id']);
  });

  it('reports duplicate ids', () => {
    const issues = issuesOf(base().append(step('beta')));
    expect(issues).toEqual([{ path: 'steps.3.id', message: 'duplicate step id "beta"' }]);
  });

  it.each([
    ['capitals', 'Alpha'],
    ['an underscore', 'snake_case'],
    ['a leading dash', '-alpha'],
    ['spaces', 'two words'],
    ['nothing', ''],
    ['64 characters', 'a'.repeat(64)],
  ])('reports an id with %s as not kebab-case', (_label, id) => {
    const issues = issuesOf(base().append(step(id)));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('steps.3.id');
    expect(issues[0]?.message).toContain('must be kebab-case');
    expect(issues[0]?.message).toContain(JSON.stringify(id));
  });

  it('accepts a 63-character kebab-case id', () => {
    expect(
      base()
        .append(step(`a${'-b'.repeat(31)}`))
        .validate()
        .isOk(),
    ).toBe(true);
  });

  it('reports an unknown item id', () => {
    const odd = { ...step('delta'), item: 'coffee' as ChecklistItemId };
    const issues = issuesOf(base().append(odd));
    expect(issues).toEqual([{ path: 'steps.3.item', message: 'step "delta" names unknown item "coffee"' }]);
  });

  it('reports a step without plan or verify functions', () => {
    const broken = { ...step('delta'), verify: undefined } as unknown as Step<never>;
    const issues = issuesOf(base().append(broken));
    expect(issues).toEqual([{ path: 'steps.3', message: 'step "delta" needs plan and verify functions' }]);
  });

  it('reports after naming an unknown step', () => {
    const issues = issuesOf(base().append(step('delta', ['alpha', 'omega'])));
    expect(issues).toEqual([{ path: 'steps.3.after', message: 'step "delta" runs after unknown step "omega"' }]);
  });

  it('reports after naming a step that replace took away', () => {
    const checklist = createChecklist(workload, [step('alpha'), step('beta', ['alpha'])]).replace('alpha', step('one'));
    expect(issuesOf(checklist).map((issue) => issue.message)).toEqual(['step "beta" runs after unknown step "alpha"']);
  });

  it('reports a cycle a → b → a with the ids in the message', () => {
    const checklist = createChecklist(workload, [step('first'), step('a', ['b']), step('b', ['a'])]);
    const issues = issuesOf(checklist);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('steps');
    expect(issues[0]?.message).toContain('cycle');
    expect(issues[0]?.message).toContain('a');
    expect(issues[0]?.message).toMatch(/\ba, b\b/);
    expect(issues[0]?.message).not.toContain('first');
    expect(checklist.validate()._unsafeUnwrapErr().message).toContain('cycle');
  });

  it('reports a step that runs after itself as a cycle', () => {
    const issues = issuesOf(createChecklist(workload, [step('selfish', ['selfish'])]));
    expect(issues[0]?.message).toContain('selfish');
    expect(issues[0]?.message).toContain('cycle');
  });

  it('reports every problem at once', () => {
    const checklist = base()
      .insertAfter('missing', step('delta'))
      .append(step('alpha'))
      .append(step('Bad'))
      .append(step('late', ['nowhere']));
    const paths = issuesOf(checklist).map((issue) => issue.path);
    expect(paths).toEqual(['steps', 'steps.3.id', 'steps.4.id', 'steps.5.after']);
  });
});

describe('execution order', () => {
  it('puts dependencies first and otherwise keeps list order', () => {
    const checklist = createChecklist(workload, [
      step('report', ['retire']),
      step('notify'),
      step('retire', ['backup']),
      step('backup'),
      step('cleanup'),
    ]);
    expect(orderOf(checklist)).toEqual(['notify', 'backup', 'retire', 'report', 'cleanup']);
  });

  it('keeps list order when nothing depends on anything', () => {
    const ids = ['one', 'two', 'three', 'four', 'five'];
    expect(
      orderOf(
        createChecklist(
          workload,
          ids.map((id) => step(id)),
        ),
      ),
    ).toEqual(ids);
  });

  it('follows every after of a step with several', () => {
    const checklist = createChecklist(workload, [step('last', ['middle', 'first']), step('middle'), step('first')]);
    const order = orderOf(checklist);
    expect(order).toEqual(['middle', 'first', 'last']);
    for (const [index, id] of order.entries()) {
      for (const other of checklist.step(id)?.after ?? []) expect(order.indexOf(other)).toBeLessThan(index);
    }
  });

  it('returns the step objects themselves', () => {
    const first = step('first');
    const second = step('second', ['first']);
    expect(createChecklist(workload, [second, first]).validate()._unsafeUnwrap()).toEqual([first, second]);
  });
});

describe('steps built without defineStep', () => {
  it('validates and orders a step object that has no after list, without throwing', () => {
    const { after: _after, ...bare } = step('bare');
    const untyped = bare as unknown as Step<never>;
    const checklist = createChecklist(workload, [untyped, step('next', ['bare'])]);
    expect(() => checklist.validate()).not.toThrow();
    expect(orderOf(checklist)).toEqual(['bare', 'next']);
    expect(idsOf(checklist.without('next'))).toEqual(['bare']);
  });
});
