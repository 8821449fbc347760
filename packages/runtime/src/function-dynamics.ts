import { OdeflowError, type Dynamics, type JacobianSparsity, type JsTensor, type JsBackend } from '@odeflow/core';
import { SOLVE_LIMITS, sparsityPattern } from '@odeflow/solvers';
import { writeJacobian, type OdeJacobian } from './function-jacobian.js';
import { copyInto } from './scratch-copy.js';

/** A right-hand side written as a plain function of time and a Float64Array state. */
export type OdeFunction = (t: number, y: Float64Array) => ArrayLike<number>;

function check(r: ArrayLike<number>, n: number, t: number, name: string): void {
  if (r === null || typeof r !== 'object' || typeof r.length !== 'number') {
    throw new OdeflowError('SHAPE_MISMATCH', `${name} must return an array of ${n} numbers; at t = ${t} it returned ${String(r)}.`, { t });
  }
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
    if (!Number.isFinite(v)) {
      throw new OdeflowError(
        'NON_FINITE_STATE',
        `${name} returned ${String(v)} for component ${i} at t = ${t}. Check the function for division by zero, ` +
          `log of a non-positive number or overflow near this time; a smaller step (dtMax) or tighter tolerances ` +
          `can keep the solver out of the region where it blows up.`,
        { t, component: i, value: v },
      );
    }
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
 * Dynamics on the `js` backend from a plain function. Every evaluation checks the returned length and that
 * every value is finite, so a wrong function fails at the first bad call with the time it happened. Plain
 * functions have no VJP: gradients need a block, equations, or a user VJP. `f` is handed a copy of the
 * state (one reused buffer), so writing into it cannot change the solution. With `jacobian` (∂f/∂y, see
 * {@link OdeJacobian}) the dynamics also offers `jacobian` and `jvp` for implicit methods, each call checked
 * for shape and finiteness. Without it, implicit methods difference f, grouping columns by `sparsity`
 * (checked here against n: SHAPE_MISMATCH / INVALID_ARGUMENT).
 */
export function functionDynamics(
  backend: JsBackend,
  f: OdeFunction,
  n: number,
  name = 'f',
  jacobian?: OdeJacobian,
  sparsity?: JacobianSparsity,
): Dynamics<JsTensor> {
  checkArguments(backend, f, n, name, jacobian);
  if (sparsity !== undefined) sparsityPattern(sparsity, n);
  // f sees a copy of the state: writing into it must not change the solver's buffers
  const yCopy = new Float64Array(n);
  const dynamics: Dynamics<JsTensor> = {
    name,
    ...(sparsity === undefined ? {} : { jacobianSparsity: sparsity }),
    f(t, y) {
      const r = f(t, copyInto(yCopy, y.data));
      check(r, n, t, name);
      return backend.fromArray(r, y.shape);
    },
    fInto(t, y, _params, out) {
      const r = f(t, copyInto(yCopy, y.data));
      check(r, n, t, name);
      out.data.set(r);
    },
  };
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
