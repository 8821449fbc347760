import type { PipelineSpec, StageKind, StageSpec } from './pipeline-spec.js';
import type { SpecIssue } from './spec-issue.js';

/** What a stage is for: the categories references are checked against. */
export type StageCategory = 'data' | 'block' | 'ode' | 'loss' | 'train' | 'metric' | 'sink';

/** The category of each stage kind. ODE stages are data too: their trajectories can feed other stages. */
export const STAGE_CATEGORY: Readonly<Record<StageKind, StageCategory>> = {
  spiral: 'data',
  pendulum: 'data',
  array: 'data',
  csv: 'data',
  block: 'block',
  ode: 'ode',
  loss: 'loss',
  train: 'train',
  metric: 'metric',
  json: 'sink',
  svg: 'sink',
  checkpoint: 'sink',
};

/** One reference from a stage field to another stage. */
export interface StageReference {
  /** Index of the referencing stage in `spec.stages`. */
  readonly from: number;
  /** Field path inside the stage, e.g. `['dynamics']` or `['inputs', 1]`. */
  readonly field: readonly (string | number)[];
  /** Referenced id. */
  readonly to: string;
  /** Kinds allowed at the other end. */
  readonly accepts: readonly StageKind[];
  /** What the field expects, for messages. */
  readonly expected: string;
}

const DATA: readonly StageKind[] = ['spiral', 'pendulum', 'array', 'csv', 'ode'];
const NON_SINK: readonly StageKind[] = ['spiral', 'pendulum', 'array', 'csv', 'block', 'ode', 'loss', 'train', 'metric'];

/** Every reference a stage makes, with the kinds each one accepts. */
export function stageReferences(stage: StageSpec, index: number): StageReference[] {
  const out: StageReference[] = [];
  const one = (field: string, to: string | undefined, accepts: readonly StageKind[], expected: string) => {
    if (to !== undefined) out.push({ from: index, field: [field], to, accepts, expected });
  };
  switch (stage.kind) {
    case 'ode':
      one('dynamics', stage.dynamics, ['block'], 'the id of a block stage');
      one('data', stage.data, DATA, 'the id of a data stage (source or ode)');
      break;
    case 'loss':
    case 'metric':
      one('prediction', stage.prediction, ['ode'], 'the id of an ode stage');
      one('target', stage.target, DATA, 'the id of a data stage (source or ode)');
      break;
    case 'train':
      one('loss', stage.loss, ['loss'], 'the id of a loss stage');
      break;
    case 'checkpoint':
      one('block', stage.block, ['block'], 'the id of a block stage');
      break;
    case 'json':
      (stage.inputs ?? []).forEach((to, i) =>
        out.push({ from: index, field: ['inputs', i], to, accepts: NON_SINK, expected: 'the id of a non-sink stage' }),
      );
      break;
    case 'svg':
      stage.inputs.forEach((to, i) =>
        out.push({ from: index, field: ['inputs', i], to, accepts: DATA, expected: 'the id of a data stage (source or ode)' }),
      );
      break;
    default:
      break;
  }
  return out;
}

const path = (index: number, field: readonly (string | number)[]) =>
  `stages[${index}]` + field.map((f) => (typeof f === 'number' ? `[${f}]` : `.${f}`)).join('');

/**
 * Graph checks of a schema-valid spec: unique ids, references that exist and point to the right kind of
 * stage, no cycles, and the cross-field rules a schema cannot express. Returns the issues found (empty when
 * the graph is sound).
 */
export function checkStageGraph(spec: PipelineSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const byId = new Map<string, number>();
  spec.stages.forEach((s, i) => {
    const first = byId.get(s.id);
    if (first !== undefined) {
      issues.push({ path: `stages[${i}].id`, expected: `a unique stage id ("${s.id}" is already used by stages[${first}])`, received: JSON.stringify(s.id) });
    } else byId.set(s.id, i);
  });

  const edges: StageReference[][] = spec.stages.map(() => []);
  spec.stages.forEach((s, i) => {
    for (const r of stageReferences(s, i)) {
      const target = byId.get(r.to);
      if (target === undefined) {
        issues.push({ path: path(i, r.field), expected: `${r.expected}; no stage has id "${r.to}" (known ids: ${[...byId.keys()].join(', ')})`, received: JSON.stringify(r.to) });
      } else if (!r.accepts.includes(spec.stages[target]!.kind)) {
        issues.push({ path: path(i, r.field), expected: `${r.expected}; "${r.to}" is a ${spec.stages[target]!.kind} stage`, received: JSON.stringify(r.to) });
      } else if (target === i) {
        issues.push({ path: path(i, r.field), expected: `${r.expected} other than the stage itself (a cycle: ${r.to} → ${r.to})`, received: JSON.stringify(r.to) });
      } else edges[i]!.push(r);
    }
    issues.push(...crossFieldIssues(s, i));
  });

  issues.push(...findCycles(spec, edges, byId));

  if (spec.compareMemory) {
    const t = byId.get(spec.compareMemory.ode);
    if (t === undefined || spec.stages[t]!.kind !== 'ode') {
      issues.push({ path: 'compareMemory.ode', expected: `the id of an ode stage (ode stages: ${spec.stages.filter((s) => s.kind === 'ode').map((s) => s.id).join(', ') || 'none'})`, received: JSON.stringify(spec.compareMemory.ode) });
    }
    const h = spec.compareMemory.horizons;
    for (let k = 1; k < h.length; k++) {
      if (!(h[k]! > h[k - 1]!)) issues.push({ path: `compareMemory.horizons[${k}]`, expected: `horizons in increasing order (> ${h[k - 1]})`, received: String(h[k]) });
    }
  }
  return issues;
}

function crossFieldIssues(s: StageSpec, i: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (s.kind === 'ode') {
    if (s.data === undefined && (s.y0 === undefined || s.times === undefined)) {
      issues.push({ path: `stages[${i}]`, expected: 'either "data" (a data stage id) or both "y0" and "times"' });
    }
    if (s.times !== undefined && Array.isArray(s.times)) issues.push(...monotone(s.times as readonly number[], `stages[${i}].times`));
    if (s.times !== undefined && !Array.isArray(s.times)) {
      const t = s.times as { start: number; end: number };
      if (t.start === t.end) issues.push({ path: `stages[${i}].times.end`, expected: 'an end time different from start', received: String(t.end) });
    }
  }
  if (s.kind === 'array') {
    if (s.ys.length !== s.ts.length) {
      issues.push({ path: `stages[${i}].ys`, expected: `one row per time (${s.ts.length} rows)`, received: `${s.ys.length} rows` });
    }
    const width = s.ys[0]?.length ?? 0;
    s.ys.forEach((row, r) => {
      if (row.length !== width) issues.push({ path: `stages[${i}].ys[${r}]`, expected: `a row of ${width} numbers like ys[0]`, received: `${row.length} numbers` });
    });
    issues.push(...monotone(s.ts, `stages[${i}].ts`, true));
  }
  if (s.kind === 'train' && s.batchLength !== undefined && s.batchLength < 2) {
    issues.push({ path: `stages[${i}].batchLength`, expected: 'at least 2 samples per window', received: String(s.batchLength) });
  }
  return issues;
}

function monotone(ts: readonly number[], at: string, increasingOnly = false): SpecIssue[] {
  if (ts.length < 2) return [];
  const sign = Math.sign(ts[1]! - ts[0]!);
  for (let k = 1; k < ts.length; k++) {
    const d = Math.sign(ts[k]! - ts[k - 1]!);
    if (d === 0 || d !== sign || (increasingOnly && d < 0)) {
      return [{ path: `${at}[${k}]`, expected: `strictly ${increasingOnly || sign > 0 ? 'increasing' : 'decreasing'} times (after ${ts[k - 1]})`, received: String(ts[k]) }];
    }
  }
  return [];
}

function findCycles(spec: PipelineSpec, edges: StageReference[][], byId: Map<string, number>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const state = new Uint8Array(spec.stages.length); // 0 new, 1 on the stack, 2 done
  const stack: number[] = [];
  const visit = (i: number): void => {
    state[i] = 1;
    stack.push(i);
    for (const r of edges[i]!) {
      const j = byId.get(r.to)!;
      if (state[j] === 1) {
        const loop = stack.slice(stack.indexOf(j)).map((k) => spec.stages[k]!.id);
        issues.push({ path: path(i, r.field), expected: `${r.expected} that does not depend back on "${spec.stages[i]!.id}" (a cycle: ${[...loop, r.to].join(' → ')})`, received: JSON.stringify(r.to) });
      } else if (state[j] === 0) visit(j);
    }
    stack.pop();
    state[i] = 2;
  };
  for (let i = 0; i < spec.stages.length; i++) if (state[i] === 0) visit(i);
  return issues;
}

/**
 * The stages of a validated spec in an order where every stage comes after the stages it references
 * (a topological order, stable with respect to the spec's own order).
 */
export function executionOrder(spec: PipelineSpec): StageSpec[] {
  const byId = new Map(spec.stages.map((s, i) => [s.id, i] as const));
  const done = new Uint8Array(spec.stages.length);
  const out: StageSpec[] = [];
  const visit = (i: number): void => {
    if (done[i]) return;
    done[i] = 1;
    for (const r of stageReferences(spec.stages[i]!, i)) {
      const j = byId.get(r.to);
      if (j !== undefined && j !== i) visit(j);
    }
    out.push(spec.stages[i]!);
  };
  for (let i = 0; i < spec.stages.length; i++) visit(i);
  return out;
}
