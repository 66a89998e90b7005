import type { EngineEvent, EventListener } from '@decomkit/core';
import { Listr, type ListrTaskWrapper } from 'listr2';

/** How a run's progress is shown: a live task list on a terminal, newline-delimited JSON, or nothing. */
export type ProgressMode = 'tty' | 'json' | 'quiet';

/** Shows a run's engine events while `work` runs. */
export interface ProgressReporter {
  readonly onEvent: EventListener;
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** The mode for a command's options: `--json` wins; a terminal gets the task list; anything else is quiet. */
export function progressModeOf(json: boolean | undefined, isTerminal: boolean | undefined): ProgressMode {
  if (json === true) return 'json';
  return isTerminal === true ? 'tty' : 'quiet';
}

/**
 * A reporter for `steps` (the checklist's, in order). `json` writes each
 * event as one line of JSON to stdout; `tty` shows one task per step
 * (listr2) with its actions done, closed when the step is verified or left
 * open; `quiet` shows nothing (the command prints its summary).
 */
export function progressReporter(
  mode: ProgressMode,
  steps: readonly { readonly id: string; readonly title: string }[],
): ProgressReporter {
  if (mode === 'json')
    return { onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`), run: (work) => work() };
  if (mode === 'quiet') return { onEvent: () => undefined, run: (work) => work() };
  return taskList(steps);
}

type StepTask = ListrTaskWrapper<unknown, never, never>;

function taskList(steps: readonly { readonly id: string; readonly title: string }[]): ProgressReporter {
  const open = new Map<string, { task?: StepTask; done: number; finish: () => void }>();
  const finished = new Map<string, Promise<void>>();
  for (const step of steps) {
    let finish: () => void = () => undefined;
    finished.set(step.id, new Promise<void>((resolve) => (finish = resolve)));
    open.set(step.id, { done: 0, finish });
  }
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: (_context: unknown, task: StepTask) => {
        const entry = open.get(step.id);
        if (entry !== undefined) entry.task = task;
        return finished.get(step.id);
      },
    })),
    { concurrent: true, exitOnError: false },
  );
  const close = (stepId: string, note?: string) => {
    const entry = open.get(stepId);
    if (entry === undefined) return;
    open.delete(stepId);
    if (note !== undefined) entry.task?.skip(note);
    entry.finish();
  };
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'action.done') {
      const stepId = event.action.key.split(':')[0] ?? '';
      const entry = open.get(stepId);
      if (entry?.task !== undefined) {
        entry.done += 1;
        entry.task.output = `${entry.done} actions done`;
      }
    } else if (event.type === 'step.verified') close(event.step);
    else if (event.type === 'step.open') close(event.step, event.reason);
    else if (event.type === 'run.finished') for (const stepId of [...open.keys()]) close(stepId, `run ${event.status}`);
  };
  return {
    onEvent,
    run: async (work) => {
      const shown = list.run();
      try {
        return await work();
      } finally {
        for (const stepId of [...open.keys()]) close(stepId, 'not reached');
        await shown.catch(() => undefined);
      }
    },
  };
}
