import { DEFAULT_ATOL, DEFAULT_RTOL } from './defaults.js';
import { OdeflowError, type Dynamics, type StepSizeController, type TensorBackend } from '@odeflow/core';
import { PIController } from './pi-controller.js';
import { INTEGRATE_OPTION_KEYS, type EventSpec, type ErrorNormFn, type IntegrateOptions } from './integrate-options.js';
import { isSteppable, type SteppableSolver } from './stepper.js';
import type { IntegrateArgs } from './integrate-args.js';
import { fixedGrid, type FixedGrid } from './fixed-grid.js';
import { ownOptions } from './own-options.js';
import { SOLVE_LIMITS } from './solve-limits.js';
import { positiveOption, resolveStepControl, type StepControlOptions } from './step-control-options.js';
import { checkedNorm } from './checked-norm.js';
import { stiffnessDetector, type StiffnessDetector } from './stiffness-detector.js';

/** Validated, defaulted options of one solve (internal). */
export interface ResolvedOptions<T> extends StepControlOptions {
  backend: TensorBackend<T>;
  dynamics: Dynamics<T>;
  solver: SteppableSolver;
  params: readonly T[];
  ts: readonly number[];
  direction: 1 | -1;
  rtol: number | readonly number[];
  atol: number | readonly number[];
  norm?: ErrorNormFn<T>;
  stepT: readonly number[];
  jumpT: readonly number[];
  /** Step grid of a fixed-step solve (computed on demand), undefined for adaptive ones. */
  grid?: FixedGrid;
  events: readonly EventSpec<T>[];
  dense: boolean;
  /** Output at ts[0] and at the end of every accepted step (ts is [t0, t1]). */
  everyStep: boolean;
  /** The controller of an adaptive solve, configured with these options; undefined for fixed steps. */
  controller?: StepSizeController;
  /** This solve's stiffness detector, when the method has one and `stiffnessCheck` is not false. */
  stiffness?: StiffnessDetector;
}

function invalid(msg: string, details?: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', msg, details);
}

function tolerance(name: 'rtol' | 'atol', v: unknown, size: number, dflt: number): number | readonly number[] {
  if (v === undefined) return dflt;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = Array.from(v as ArrayLike<number>);
    if (arr.length !== size) {
      invalid(`Option ${name} has ${arr.length} entries but y0 has ${size} components; give a scalar or one value per component.`, {
        option: name,
      });
    }
    arr.forEach((x, i) => positiveOption(`${name}[${i}]`, x));
    return arr;
  }
  return positiveOption(name, v);
}

function timeList(name: string, v: unknown): number[] {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.length > SOLVE_LIMITS.timePoints) {
    invalid(`Option ${name} has ${v.length} times; at most ${SOLVE_LIMITS.timePoints} are accepted.`, { option: name, limit: SOLVE_LIMITS.timePoints });
  }
  // Array.from, not some(): a hole must be refused, not skipped
  if (!Array.isArray(v) || Array.from(v).some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    invalid(`Option ${name} must be an array of finite numbers (times); got ${String(v)}.`, { option: name });
  }
  return [...(v as number[])];
}

/**
 * Validate the arguments of `integrate` and apply the defaults. Throws INVALID_ARGUMENT (or
 * SHAPE_MISMATCH / UNSUPPORTED) with a message saying what to fix.
 */
export function resolveOptions<T>(args: IntegrateArgs<T>): ResolvedOptions<T> {
  if (args === null || typeof args !== 'object') invalid('integrate expects an argument object { backend, dynamics, y0, ts, solver, ... }.');
  const { backend, dynamics, y0, ts, solver } = args;
  if (!backend || typeof backend.lincomb !== 'function') invalid('integrate: `backend` must be a TensorBackend.');
  if (!dynamics || typeof dynamics.f !== 'function') invalid('integrate: `dynamics` must have a function f(t, y, params).');
  if (!solver || !isSteppable(solver)) {
    throw new OdeflowError(
      'UNSUPPORTED',
      `integrate cannot run solver "${(solver as { name?: string } | undefined)?.name}": it is not built on @odeflow/solvers' ExplicitRungeKutta or AdamsBashforth. Build your method with new ExplicitRungeKutta({ name, tableau, order }).`,
    );
  }
  if (y0 === undefined || y0 === null) invalid('integrate: y0 is missing.');
  const size = backend.size(y0);
  checkSizes(size, ts);
  if (!backend.allFinite(y0)) {
    invalid('y0 contains NaN or ±Infinity; every component of the initial state must be finite.', { y0: Array.from(backend.toFloat64Array(y0)) });
  }
  if (!Array.isArray(ts) || ts.length === 0) invalid('ts must be a non-empty array of output times (the first one is the initial time).');
  for (let i = 0; i < ts.length; i++) {
    if (typeof ts[i] !== 'number' || !Number.isFinite(ts[i])) invalid(`ts[${i}] = ${String(ts[i])} is not a finite number.`, { index: i });
  }
  const direction: 1 | -1 = ts.length > 1 && ts[1] < ts[0] ? -1 : 1;
  for (let i = 1; i < ts.length; i++) {
    if (direction * (ts[i] - ts[i - 1]) <= 0) {
      invalid(`ts must be strictly monotone (all increasing or all decreasing); ts[${i - 1}] = ${ts[i - 1]}, ts[${i}] = ${ts[i]}.`, { index: i });
    }
  }
  const params = args.params ?? [];
  if (!Array.isArray(params)) invalid('integrate: params must be an array of tensors.');
  const o = ownOptions('options', args.options) as IntegrateOptions<T> & Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !INTEGRATE_OPTION_KEYS.includes(k) && o[k] !== undefined);
  if (unknown.length > 0) {
    invalid(`Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}. Valid options: ${INTEGRATE_OPTION_KEYS.join(', ')}.`, {
      unknown,
      valid: INTEGRATE_OPTION_KEYS,
    });
  }
  const rtol = tolerance('rtol', o.rtol, size, DEFAULT_RTOL);
  const atol = tolerance('atol', o.atol, size, DEFAULT_ATOL);
  if (o.norm !== undefined && typeof o.norm !== 'function') invalid('Option norm must be a function (err, y0, y1, rtol, atol) => number.');
  const { firstStep, safety, factorMin, factorMax, dtMin, dtMax, maxSteps, pcoeff, icoeff } = resolveStepControl(o);
  const stepT = timeList('stepT', o.stepT);
  const jumpT = timeList('jumpT', o.jumpT);
  const stepSize = o.stepSize === undefined ? undefined : positiveOption('stepSize', o.stepSize);
  const gridOpt = o.grid === undefined ? undefined : timeList('grid', o.grid);
  if (stepSize !== undefined && gridOpt !== undefined) invalid('Give either stepSize or grid, not both.', { option: 'grid' });
  if (gridOpt !== undefined && gridOpt.length < 2) invalid('Option grid needs at least two times.', { option: 'grid' });
  const events = checkEvents(o.events ?? []);
  if (o.dense !== undefined && typeof o.dense !== 'boolean') invalid('Option dense must be a boolean.', { option: 'dense' });
  const everyStep = checkEveryStep(o.everyStep, ts.length);
  const fixed = !solver.adaptive || stepSize !== undefined || gridOpt !== undefined;
  const grid = fixed && ts.length > 1 ? fixedGrid(ts, direction, stepSize, gridOpt, maxSteps) : undefined;
  const norm = o.norm && checkedNorm(backend, o.norm);
  const resolved: ResolvedOptions<T> = {
    backend, dynamics, solver, params, ts, direction, rtol, atol, norm, firstStep, safety, factorMin, factorMax,
    dtMin, dtMax, maxSteps, pcoeff, icoeff, stepT, jumpT, grid, events, dense: o.dense ?? false,
    everyStep, stiffness: stiffnessDetector(o.stiffnessCheck, solver.stiffnessBound, !fixed),
  };
  const controller = checkController(args.controller ?? o.controller);
  if (!fixed) resolved.controller = controller?.configure?.(resolved) ?? controller ?? solver.defaultController?.(resolved) ?? new PIController(resolved);
  return resolved;
}

function checkEveryStep(v: unknown, outputs: number): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') invalid(`Option everyStep must be a boolean; got ${String(v)}.`, { option: 'everyStep' });
  if (v && outputs > 2) {
    invalid(
      `With everyStep the outputs are the steps, so ts only gives the interval: pass ts = [t0, t1] (got ${outputs} times). ` +
        'To make steps land on given times as well, list them in stepT.',
      { option: 'everyStep' },
    );
  }
  return v;
}

// sizes the outputs will allocate, refused before the first one is
function checkSizes(size: number, ts: readonly unknown[]): void {
  const L = SOLVE_LIMITS;
  if (size > L.stateSize) invalid(`y0 has ${size} components; at most ${L.stateSize} are accepted.`, { option: 'y0', limit: L.stateSize });
  if (!Array.isArray(ts)) return;
  if (ts.length > L.outputTimes) invalid(`ts has ${ts.length} output times; at most ${L.outputTimes} are accepted.`, { option: 'ts', limit: L.outputTimes });
  if (ts.length * size > L.outputValues) {
    invalid(
      `ts.length × state size = ${ts.length} × ${size} output values exceed the limit of ${L.outputValues}; ask for fewer output times (or use dense: true and evaluate where needed).`,
      { option: 'ts', limit: L.outputValues },
    );
  }
}

function checkController(c: unknown): StepSizeController | undefined {
  if (c !== undefined && typeof (c as StepSizeController | null)?.decide !== 'function') {
    invalid('integrate: controller must be a StepSizeController (with decide(errNorm, dt, errorOrder, prevErrNorm)).');
  }
  return c as StepSizeController | undefined;
}

function checkEvents<T>(events: readonly EventSpec<T>[]): readonly EventSpec<T>[] {
  if (!Array.isArray(events)) invalid('Option events must be an array of { fn, direction?, terminal?, tol? }.');
  return Array.from(events, (spec: unknown, i) => {
    if (spec === null || typeof spec !== 'object') invalid(`events[${i}] must be an object { fn, direction?, terminal?, tol? }.`, { option: 'events' });
    const e = ownOptions(`events[${i}]`, spec) as unknown as EventSpec<T>;
    if (typeof e.fn !== 'function') invalid(`events[${i}].fn must be a function (t, y) => number.`, { option: 'events' });
    if (e.direction !== undefined && !['rising', 'falling', 'both'].includes(e.direction)) {
      invalid(`events[${i}].direction must be 'rising', 'falling' or 'both'; got ${String(e.direction)}.`, { option: 'events' });
    }
    if (e.terminal !== undefined && typeof e.terminal !== 'boolean') invalid(`events[${i}].terminal must be a boolean.`, { option: 'events' });
    if (e.tol !== undefined) positiveOption(`events[${i}].tol`, e.tol);
    const extra = Object.keys(e).filter((k) => !['fn', 'direction', 'terminal', 'tol'].includes(k));
    if (extra.length) invalid(`events[${i}] has unknown key(s) ${extra.join(', ')}; valid: fn, direction, terminal, tol.`, { option: 'events' });
    return e;
  });
}
