import { OdeflowError, type Dynamics, type JacobianSparsity, type JsTensor, type JsBackend } from '@odeflow/core';
import { SOLVE_LIMITS, sparsityPattern, type CallChecks } from '@odeflow/solvers';
import { writeJacobian, type OdeJacobianForms } from './function-jacobian.js';
import { copyInto } from './scratch-copy.js';

/** A right-hand side written as a plain function of time and a Float64Array state, returning dy/dt. */
export type OdeFunction = (t: number, y: Float64Array) => ArrayLike<number>;

/**
 * A right-hand side in either form {@link odeint} and {@link functionDynamics} take: it returns dy/dt as an
 * array of n numbers (an {@link OdeFunction}), or writes it into `out` (n entries, every one of them) and
 * returns nothing — the fast form, which allocates nothing per call. `y` and `out` are reused between calls:
 * do not keep them.
 */
export type OdeFunctionForms = (t: number, y: Float64Array, out: Float64Array) => ArrayLike<number> | void;

function notArray(r: unknown, n: number, t: number, name: string): OdeflowError {
  return new OdeflowError(
    'SHAPE_MISMATCH',
    `${name} must return an array of ${n} numbers or write them into its third argument out (and return nothing); at t = ${t} it returned ${String(r)}.`,
    { t },
  );
}

function notFinite(v: number, i: number, t: number, name: string, written: boolean): OdeflowError {
  return new OdeflowError(
    'NON_FINITE_STATE',
    `${name} ${written ? 'wrote' : 'returned'} ${String(v)} for component ${i} at t = ${t}${written ? ' (or left out[' + i + '] unwritten: write every component)' : ''}. ` +
      'Check the function for division by zero, log of a non-positive number or overflow near this time; a smaller ' +
      'step (dtMax) or tighter tolerances can keep the solver out of the region where it blows up.',
    { t, component: i, value: v },
  );
}

/**
 * Copy f's returned array into `out`, refusing a wrong length or a non-number (nothing is coerced), and with
 * `finite` a NaN or ±∞ too.
 */
function copyReturned(r: ArrayLike<number>, out: Float64Array, n: number, t: number, name: string, finite: boolean): void {
  if (r === null || typeof r !== 'object' || typeof r.length !== 'number') throw notArray(r, n, t, name);
  if (r.length !== n) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${name} returned ${r.length} values at t = ${t}, but the state has ${n} components (the length of y0). ` +
        `Return one derivative per component.`,
      { t, expected: n, got: r.length },
    );
  }
  for (let i = 0; i < n; i++) {
    const v = r[i];
    if (typeof v !== 'number') {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `${name} returned a ${v === null ? 'null' : typeof v} for component ${i} at t = ${t}; it must return numbers (nothing is converted). ` +
          'Return an array or Float64Array of numbers.',
        { t, component: i, type: v === null ? 'null' : typeof v },
      );
    }
    // v − v is 0 for every finite number and NaN for NaN and ±∞: one subtraction instead of a call
    if (finite && v - v !== 0) throw notFinite(v, i, t, name, false);
    out[i] = v;
  }
}

/**
 * out ← f(t, y) in either form, checked: the returned array's length and types, or (fast form) that every
 * component was written — out is filled with NaN before the call, so an unwritten one is caught — and that
 * every value is finite. O(n) per call, no allocation.
 */
function evaluateInto(f: OdeFunctionForms, t: number, y: Float64Array, out: Float64Array, n: number, name: string): void {
  for (let i = 0; i < n; i++) out[i] = NaN;
  const r = f(t, y, out);
  if (r !== undefined) {
    copyReturned(r as ArrayLike<number>, out, n, t, name, true);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (v - v !== 0) throw notFinite(v, i, t, name, true);
  }
}

// wrong-typed arguments fail here, with a code, rather than as a TypeError at the first evaluation
function checkArguments(backend: unknown, f: unknown, n: unknown, name: unknown, jacobian: unknown): void {
  const bad = (what: string) => {
    throw new OdeflowError('INVALID_ARGUMENT', `functionDynamics: ${what}.`, { option: what.split(' ')[0] });
  };
  if (backend === null || typeof backend !== 'object' || typeof (backend as JsBackend).fromArray !== 'function') bad('backend must be a JsBackend');
  if (typeof f !== 'function') bad('f must be a function (t, y) => dy/dt');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > SOLVE_LIMITS.stateSize) bad(`n must be an integer from 1 to ${SOLVE_LIMITS.stateSize} (the state size)`);
  if (typeof name !== 'string') bad('name must be a string');
  if (jacobian !== undefined && typeof jacobian !== 'function') bad('jacobian must be a function (t, y) => rows of ∂f/∂y');
}

/**
 * Dynamics on the `js` backend from a plain function ({@link OdeFunctionForms}: returning dy/dt, or writing it
 * into `out`). Evaluations check the returned length (or that every component was written) and that every
 * value is finite, so a wrong function fails at the first bad call with the time it happened; inside
 * `integrate`'s loop only the first calls are checked in full (see {@link CallChecks}: a step with a
 * non-finite stage is rerun checked, so a NaN still fails, naming its time) and a returned array's length
 * and types. Plain
 * functions have no VJP: gradients need a block, equations, or a user VJP. `f` is handed a copy of the
 * state (one reused buffer), so writing into it cannot change the solution. With `jacobian` (∂f/∂y, see
 * {@link OdeJacobian}) the dynamics also offers `jacobian` and `jvp` for implicit methods, each call checked
 * for shape and finiteness. Without it, implicit methods difference f, grouping columns by `sparsity`
 * (checked here against n: SHAPE_MISMATCH / INVALID_ARGUMENT). With `timeDerivative` (an exact ∂f/∂t in
 * either form of {@link OdeFunctionForms}, checked like f) Rosenbrock methods use it instead of differencing f in t.
 */
export function functionDynamics(
  backend: JsBackend,
  f: OdeFunctionForms,
  n: number,
  name = 'f',
  jacobian?: OdeJacobianForms,
  sparsity?: JacobianSparsity,
  timeDerivative?: OdeFunctionForms,
): Dynamics<JsTensor> & CallChecks {
  checkArguments(backend, f, n, name, jacobian);
  if (timeDerivative !== undefined && typeof timeDerivative !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', 'functionDynamics: timeDerivative must be a function (t, y) => ∂f/∂t.', { option: 'timeDerivative' });
  }
  if (sparsity !== undefined) sparsityPattern(sparsity, n);
  // f sees a copy of the state: writing into it must not change the solver's buffers
  const yCopy = new Float64Array(n);
  // every call is checked until the integration loop vouches for the steps by their error norm (CallChecks)
  let checkEvery = true;
  // the hot path of every explicit step: one copy of the state, the call, and nothing else once unchecked
  const fInto = (t: number, y: JsTensor, _params: readonly JsTensor[], out: JsTensor): void => {
    const yc = copyInto(yCopy, y.data);
    if (checkEvery) {
      evaluateInto(f, t, yc, out.data, n, name);
      return;
    }
    const o = out.data;
    const r = f(t, yc, o) as ArrayLike<number> | undefined;
    if (r === undefined) return;
    // the returned form is copied anyway: its length and types cost nothing extra to check, and must be (no coercion)
    if (r !== null && typeof r === 'object' && r.length === n) {
      let i = 0;
      for (; i < n; i++) {
        const v = r[i];
        if (typeof v !== 'number') break;
        o[i] = v;
      }
      if (i === n) return;
    }
    copyReturned(r, o, n, t, name, false);
  };
  const dynamics: Dynamics<JsTensor> & CallChecks = {
    name,
    ...(sparsity === undefined ? {} : { jacobianSparsity: sparsity }),
    f(t, y, params) {
      const out = backend.zeros(y.shape);
      fInto(t, y, params, out);
      return out;
    },
    fInto,
    checkCalls(every) {
      checkEvery = every;
    },
  };
  if (timeDerivative) {
    const dtName = `the timeDerivative of ${name}`;
    dynamics.timeDerivative = (t, y, _params, out) => evaluateInto(timeDerivative, t, copyInto(yCopy, y.data), out, n, dtName);
  }
  if (!jacobian) return dynamics;
  let scratch: Float64Array | undefined;
  dynamics.jacobian = (t, y, _params, out) => writeJacobian(jacobian, t, copyInto(yCopy, y.data), out, name);
  dynamics.jvp = (t, y, v) => {
    if (v.data.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `jvp: the direction v has ${v.data.length} components but the state has ${n}; pass a v of y's shape.`, { expected: n, got: v.data.length });
    }
    const m = (scratch ??= new Float64Array(n * n));
    writeJacobian(jacobian, t, copyInto(yCopy, y.data), m, name);
    const out = backend.zeros(y.shape);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j] * v.data[j];
      out.data[i] = s;
    }
    return out;
  };
  return dynamics;
}
