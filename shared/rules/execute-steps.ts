import type { TriggerContext } from '#shared/triggers/resolve.ts';
import type { ActionModule, ModuleContext } from '#shared/wix/modules/action-module.ts';
import { getModule } from '#shared/wix/modules/registry.ts';
import { evaluateExpression, renderTemplate } from './expressions.ts';
import type { Rule, Step } from './rule-schema.ts';
import { secretHider, secretNames } from './rule-secrets-use.ts';

/** Where a step stopped: no such module, its template, its input schema, or the module's own run. */
export type StepStage = 'module' | 'render' | 'input' | 'run';

/** One step as executed: what it rendered, what it returned or why it stopped, and the calls it made. */
export interface StepResult<C> {
  step: Step;
  startedAt: Date;
  durationMs: number;
  /** The input after `{{ }}` templates. */
  rendered?: unknown;
  /** The input as the module's schema parsed it: what the module ran with. */
  input?: unknown;
  output?: unknown;
  failure?: { stage: StepStage; error: unknown };
  /** The module, when it is known. */
  module?: ActionModule;
  calls: C[];
}

/** What executing a rule's steps came to. */
export interface ExecutedSteps<C> {
  /** Replaces the values of the rule's secrets in a value by `[secret NAME]`: for all that is kept or shown. */
  hide: <T>(value: T) => T;
  /** Rule secrets the rule uses that are not set. */
  missingSecrets: string[];
  /** Reading a secret failed: nothing further ran. */
  secretFailure?: { name: string; error: unknown };
  filter?: { expression: string; value?: unknown; passes: boolean; error?: unknown };
  /** The steps that ran (or stopped), in order; steps an earlier attempt finished are not among them. */
  steps: StepResult<C>[];
}

export interface ExecuteStepsOptions<C> {
  rule: Pick<Rule, 'id' | 'filter' | 'actions'>;
  trigger: TriggerContext;
  connection: { id: string; instanceId: string };
  /** The value of the rule secret `name` (`{{ secrets.NAME }}`), undefined when it is not set. */
  ruleSecret?: (name: string) => Promise<string | undefined>;
  /** The context a step's module runs with; `calls` is where that step's calls are recorded. */
  moduleContext: (step: Step, calls: C[]) => ModuleContext;
  /**
   * `run` (a live run) stops at a missing secret and at the first failed step; `plan` (a dry run) goes on,
   * to show every step.
   */
  mode: 'run' | 'plan';
  /** The output of a step an earlier attempt finished: reused, the step is not run again. */
  finished?: (stepId: string) => { output: unknown } | undefined;
  /** What later steps see as a step's output; @default the output itself */
  outputSeen?: (step: Step, output: unknown) => unknown;
  /**
   * Called just before a step's module runs, with its parsed input (a live run records that a step not safe to
   * repeat has started). What it throws stops the run before the module is called.
   */
  onStarting?: (step: Step, module: ActionModule, input: unknown) => Promise<void>;
  /** Called after each step that succeeded, with whether another step follows (a live run checkpoints). */
  onSucceeded?: (result: StepResult<C>, after: { more: boolean; hide: <T>(value: T) => T }) => Promise<void>;
  now?: () => Date;
}

/**
 * The one interpreter of a rule's semantics, for live runs and dry runs alike: reads the rule secrets, then
 * evaluates the filter, then for each step renders its input, checks it against the module's schema and runs
 * the module with the context it is given. Throws only what `onStarting` and `onSucceeded` throw; every other failure is
 * reported in the result, with the stage it happened at.
 */
export async function executeSteps<C>(options: ExecuteStepsOptions<C>): Promise<ExecutedSteps<C>> {
  const now = options.now ?? (() => new Date());
  const { rule, mode } = options;
  const result: ExecutedSteps<C> = { hide: (value) => value, missingSecrets: [], steps: [] };

  const secrets: Record<string, string> = {};
  for (const name of secretNames(rule)) {
    let value: string | undefined;
    try {
      value = await options.ruleSecret?.(name);
    } catch (error) {
      result.secretFailure = { name, error };
      return result;
    }
    if (value === undefined) result.missingSecrets.push(name);
    else secrets[name] = value;
  }
  result.hide = secretHider(secrets);
  if (mode === 'run' && result.missingSecrets.length > 0) return result;

  const scope = {
    trigger: options.trigger,
    steps: {} as Record<string, unknown>,
    connection: options.connection,
    secrets,
  };
  if (rule.filter) {
    try {
      const value = await evaluateExpression(rule.filter, scope);
      result.filter = { expression: rule.filter, value, passes: Boolean(value) };
    } catch (error) {
      result.filter = { expression: rule.filter, passes: false, error };
    }
    if (!result.filter.passes) return result;
  }

  for (const [index, step] of rule.actions.entries()) {
    const earlier = options.finished?.(step.id);
    if (earlier) {
      scope.steps[step.id] = earlier.output;
      continue;
    }
    const executed = await executeStep(step, scope, options, now);
    result.steps.push(executed);
    scope.steps[step.id] = options.outputSeen ? options.outputSeen(step, executed.output) : executed.output;
    if (executed.failure) {
      if (mode === 'run') return result;
      continue;
    }
    await options.onSucceeded?.(executed, { more: index < rule.actions.length - 1, hide: result.hide });
  }
  return result;
}

async function executeStep<C>(
  step: Step,
  scope: { connection: { id: string; instanceId: string } },
  options: ExecuteStepsOptions<C>,
  now: () => Date,
): Promise<StepResult<C>> {
  const startedAt = now();
  const executed: StepResult<C> = { step, startedAt, durationMs: 0, calls: [] };
  const end = (fields: Partial<StepResult<C>>): StepResult<C> =>
    Object.assign(executed, fields, { durationMs: now().getTime() - startedAt.getTime() });
  const module = getModule(step.module);
  if (!module) {
    return end({ failure: { stage: 'module', error: new Error(`unknown module ${step.module}`) } });
  }
  executed.module = module;
  let rendered: unknown;
  try {
    rendered = await renderTemplate(step.input, scope);
  } catch (error) {
    return end({ failure: { stage: 'render', error } });
  }
  const parsed = module.input.safeParse(rendered);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `input.${i.path.join('.')}: ${i.message}`).join('; ');
    return end({ rendered, failure: { stage: 'input', error: new Error(problems) } });
  }
  await options.onStarting?.(step, module, parsed.data);
  try {
    const output = await module.run(parsed.data, options.moduleContext(step, executed.calls));
    return end({ rendered, input: parsed.data, output });
  } catch (error) {
    return end({ rendered, input: parsed.data, failure: { stage: 'run', error } });
  }
}
