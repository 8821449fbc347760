import { OdeflowError, type Dynamics, type DynamicsVjp, type TensorBackend } from '@odeflow/core';
import { checkFinite } from './check-finite.js';
import { isCompiledEquations, type CompiledEquations } from './compile-equations.js';
import { checkList, checkObject, checkTime, describeValue, readTensor } from './dynamics-arguments.js';
import type { EquationKernels } from './compile-kernels.js';
import type { ResolvedEquationSpec } from './equation-spec.js';
import { checkParamSizes, stateRows } from './equation-shapes.js';
import { equationJvp, writeEquationJacobian } from './equation-jacobian.js';

/**
 * Dynamics from equations on any backend (tfjs, wasm...): the state, cotangent and parameters are read back
 * with `toFloat64Array`, the compiled kernels run in float64 on the CPU, and the results are uploaded with
 * `fromArray`. Equation states are small, so two transfers per call cost less than one tfjs op per term of
 * the expression would; results are rounded to the backend's dtype on upload.
 * @typeParam T - the backend's tensor type
 */
export class BackendEquationDynamics<T> implements Dynamics<T> {
  /** Name for messages. */
  readonly name: string;
  private readonly kernels: EquationKernels;
  private readonly spec: ResolvedEquationSpec;
  private readonly n: number;
  private readonly paramNames: readonly string[];
  private readonly compiled: CompiledEquations;

  /**
   * @param compiled - the compiled equations
   * @param backend - the backend of the state and parameter tensors
   * @throws OdeflowError `INVALID_ARGUMENT` unless `compiled` comes from `compileEquations` and `backend` is a backend
   */
  constructor(
    compiled: CompiledEquations,
    private readonly backend: TensorBackend<T>,
  ) {
    if (!isCompiledEquations(compiled)) {
      throw new OdeflowError('INVALID_ARGUMENT', `BackendEquationDynamics: pass the result of compileEquations; got ${describeValue(compiled)}.`);
    }
    checkBackend(backend, 'BackendEquationDynamics');
    this.name = compiled.spec.name;
    this.compiled = compiled;
    this.kernels = compiled.kernels;
    this.spec = compiled.spec;
    this.n = compiled.spec.state.length;
    this.paramNames = compiled.spec.params;
  }

  /** f(t, y, θ) as a new tensor of y's shape ([n] or [B, n]). */
  f(t: number, y: T, params: readonly T[]): T {
    checkTime(t, this.name);
    const [shape, yv] = this.read(y, 'state');
    const rows = stateRows(shape, this.n, this.name);
    const p = this.readParams(params);
    const out = new Float64Array(yv.length);
    for (let r = 0, o = 0; r < rows; r++, o += this.n) this.kernels.f(t, yv, o, p, out, o);
    checkFinite(out, out.length, this.spec, t, yv, 'f');
    return this.backend.fromArray(out, shape);
  }

  /** The exact ∂f/∂y at (t, y, θ), computed in float64 from the state read back, row-major into `out` (N·N). */
  jacobian(t: number, y: T, params: readonly T[], out: Float64Array): void {
    checkTime(t, this.name);
    const [shape, yv] = this.read(y, 'state');
    const rows = stateRows(shape, this.n, this.name);
    writeEquationJacobian(this.compiled.jacobianKernel.jacobian, this.spec, t, yv, rows, this.readParams(params), out);
  }

  /** ∂f/∂y·v at (t, y, θ) as a new tensor of y's shape, computed in float64 from the compiled symbolic partials. */
  jvp(t: number, y: T, v: T, params: readonly T[]): T {
    checkTime(t, this.name);
    const [shape, yv] = this.read(y, 'state');
    const rows = stateRows(shape, this.n, this.name);
    const [, vv] = this.read(v, 'direction');
    const out = new Float64Array(yv.length);
    equationJvp(this.compiled.jacobianKernel.jvp, this.spec, t, yv, rows, vv, this.readParams(params), out);
    return this.backend.fromArray(out, shape);
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] from the compiled symbolic partials, with f on the way. */
  vjp(t: number, y: T, a: T, params: readonly T[]): DynamicsVjp<T> {
    const b = this.backend;
    checkTime(t, this.name);
    const [shape, yv] = this.read(y, 'state');
    const rows = stateRows(shape, this.n, this.name);
    const [aShape, av] = this.read(a, 'cotangent');
    stateRows(aShape, this.n, this.name, 'cotangent');
    const p = this.readParams(params);
    if (av.length !== yv.length) stateRows([av.length], yv.length, this.name, 'cotangent');
    const f = new Float64Array(yv.length);
    const gy = new Float64Array(yv.length);
    const gp = new Float64Array(p.length);
    let gt = 0;
    for (let r = 0, o = 0; r < rows; r++, o += this.n) gt += this.kernels.vjp(t, yv, o, av, o, p, f, o, gy, o, gp);
    checkFinite(f, f.length, this.spec, t, yv, 'f');
    checkFinite(gy, gy.length, this.spec, t, yv, 'aᵀ∂f/∂y');
    checkFinite(gp, gp.length, this.spec, t, yv, 'aᵀ∂f/∂θ');
    if (!Number.isFinite(gt)) checkFinite(Float64Array.of(gt), 1, this.spec, t, yv, 'aᵀ∂f/∂t');
    return {
      f: b.fromArray(f, shape),
      y: b.fromArray(gy, shape),
      params: params.map((q, k) => b.fromArray([gp[k]], b.shape(q))),
      t: gt,
    };
  }

  /** Shape and float64 values of a caller's tensor, with INVALID_ARGUMENT for anything the backend cannot read. */
  private read(x: T, what: string): [number[], Float64Array] {
    checkObject(x, what, this.name);
    const b = this.backend;
    return readTensor(() => [[...b.shape(x)], b.toFloat64Array(x)], what, this.name, b.name);
  }

  private readParams(params: readonly T[]): Float64Array {
    checkList(params, 'params', this.name);
    const values = params.map((q, k) => this.read(q, `params[${k}]`)[1]);
    checkParamSizes(
      values.map((v) => v.length),
      this.paramNames,
      this.name,
    );
    return Float64Array.from(values, (v) => v[0]);
  }
}

/**
 * Check that `backend` looks like a TensorBackend (the methods equation dynamics call), so that a wrong
 * argument fails here with a message rather than as a TypeError at the first call.
 * @throws OdeflowError `INVALID_ARGUMENT`
 */
export function checkBackend(backend: unknown, where: string): void {
  const b = backend as Partial<Record<string, unknown>> | null;
  const ok = b !== null && typeof b === 'object' && ['fromArray', 'toFloat64Array', 'shape'].every((m) => typeof b[m] === 'function');
  if (!ok) {
    throw new OdeflowError('INVALID_ARGUMENT', `${where}: the first argument must be a TensorBackend (e.g. new JsBackend() or flow.backend); got ${describeValue(backend)}.`);
  }
}
