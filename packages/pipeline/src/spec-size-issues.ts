import { PIPELINE_LIMITS as LIMIT } from './pipeline-limits.js';
import type { OdeStageSpec, PipelineSpec, StageSpec } from './pipeline-spec.js';
import type { SpecIssue } from './spec-issue.js';

const limitIssue = (path: string, expected: string, limit: number, received?: number): SpecIssue => ({
  path,
  expected: `${expected} (the limit)`,
  code: 'LIMIT_EXCEEDED',
  limit,
  ...(received !== undefined ? { received: String(received) } : {}),
});

/**
 * The size limits of an MLP block spec (`inputSize`, `widths`, parameter count) checked before the block
 * allocates anything; fields of the wrong type are left to the block's own validation.
 */
export function mlpSizeIssues(spec: Readonly<Record<string, unknown>>, path: string): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { inputSize, widths } = spec;
  const n = typeof inputSize === 'number' ? inputSize : undefined;
  if (n !== undefined && n > LIMIT.width) issues.push(limitIssue(`${path}.inputSize`, `an inputSize of at most ${LIMIT.width}`, LIMIT.width, n));
  if (!Array.isArray(widths)) return issues;
  if (widths.length > 1000) return [...issues, limitIssue(`${path}.widths`, 'at most 1000 layers', 1000, widths.length)];
  widths.forEach((w, k) => {
    if (typeof w === 'number' && w > LIMIT.width) issues.push(limitIssue(`${path}.widths[${k}]`, `a width of at most ${LIMIT.width}`, LIMIT.width, w));
  });
  if (issues.length > 0 || n === undefined || !widths.every((w) => typeof w === 'number')) return issues;
  let fanIn = n + (spec.timeInput === true ? 1 : 0);
  let count = 0;
  for (const w of widths as number[]) {
    count += fanIn * w + w;
    fanIn = w;
  }
  if (count > LIMIT.parameters) issues.push(limitIssue(`${path}.widths`, `at most ${LIMIT.parameters} parameters per block; these widths give ${count}`, LIMIT.parameters));
  return issues;
}

/** The time span an ODE stage integrates over, when the spec alone tells it. */
function odeSpan(s: OdeStageSpec, byId: ReadonlyMap<string, StageSpec>): number | undefined {
  const t = s.times;
  if (Array.isArray(t)) return Math.abs((t as number[])[t.length - 1]! - (t as number[])[0]!);
  if (t !== undefined) return Math.abs((t as { end: number }).end - (t as { start: number }).start);
  const d = s.data === undefined ? undefined : byId.get(s.data);
  if (d?.kind === 'spiral' || d?.kind === 'pendulum') return d.tEnd;
  if (d?.kind === 'array') return Math.abs(d.ts[d.ts.length - 1]! - d.ts[0]!);
  return undefined;
}

/**
 * The steps a fixed `stepSize` needs over `span`, and the issue when they exceed the step limit (also
 * checked at run time, when the span comes from a CSV file).
 */
export function fixedStepIssue(options: Readonly<Record<string, unknown>> | undefined, span: number, at: string): SpecIssue | undefined {
  const h = options?.stepSize;
  if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(span)) return undefined;
  const steps = Math.ceil(span / h);
  if (steps <= LIMIT.steps) return undefined;
  return limitIssue(`${at}.options.stepSize`, `a stepSize needing at most ${LIMIT.steps} steps over the span ${span}; ${h} needs ${steps}`, LIMIT.steps, h);
}

/** The size limits that span several fields: runs of the experiment grid, solver steps of each ODE stage. */
export function specSizeIssues(spec: PipelineSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const e = spec.experiment;
  if (e) {
    const runs = (e.sweep?.backend?.length ?? 1) * (e.sweep?.solver?.length ?? 1) * (e.sweep?.sensitivity?.length ?? 1) * (e.seeds?.length ?? 1);
    if (runs > LIMIT.runs) issues.push(limitIssue('experiment', `at most ${LIMIT.runs} runs (backends × solvers × sensitivities × seeds); this grid has ${runs}`, LIMIT.runs));
  }
  const byId = new Map(spec.stages.map((s) => [s.id, s] as const));
  spec.stages.forEach((s, i) => {
    if (s.kind !== 'ode') return;
    const at = `stages[${i}]`;
    const maxSteps = s.options?.maxSteps;
    if (typeof maxSteps === 'number' && maxSteps > LIMIT.steps) issues.push(limitIssue(`${at}.options.maxSteps`, `at most ${LIMIT.steps} steps`, LIMIT.steps, maxSteps));
    const span = odeSpan(s, byId);
    const fixed = span === undefined ? undefined : fixedStepIssue(s.options, span, at);
    if (fixed) issues.push(fixed);
  });
  return issues;
}
