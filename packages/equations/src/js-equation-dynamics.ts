import { JsBackend, OdeflowError, type Dynamics, type DynamicsVjp, type JsTensor } from '@odeflow/core';
import { checkFinite } from './check-finite.js';
import { isCompiledEquations, type CompiledEquations } from './compile-equations.js';
import { checkJsTensor, checkJsTensors, checkList, checkTime, describeValue } from './dynamics-arguments.js';
import type { EquationKernels } from './compile-kernels.js';
import type { ResolvedEquationSpec } from './equation-spec.js';
import { checkParamSizes, stateRows } from './equation-shapes.js';
import { equationJvp, writeEquationJacobian } from './equation-jacobian.js';

/** True when there are `count` tensors of one element each (checked without allocating, on every call). */
function allSingle(tensors: readonly JsTensor[], count: number): boolean {
  if (tensors.length !== count) return false;
  for (let k = 0; k < count; k++) if (tensors[k].data.length !== 1) return false;
  return true;
}

/** Where {@link JsEquationDynamics.vjpInto} writes (preallocated js tensors). */
export interface EquationVjpTargets {
  /** Receives aᵀ ∂f/∂y (y's shape); overwritten. */
  readonly y: JsTensor;
  /** Receive aᵀ ∂f/∂θₖ, one single-number tensor per parameter; overwritten, or added to when accumulating. */
  readonly params: readonly JsTensor[];
  /** Receives f(t, y, θ) when given; overwritten. */
  readonly f?: JsTensor;
}

/**
 * Dynamics from equations on the float64 `js` backend: the compiled kernels run straight on the tensors'
 * Float64Arrays, row by row for a batch [B, n]. A call allocates only the tensors it returns; `fInto` and
 * `vjpInto` allocate nothing after the first call at a given batch size.
 */
export class JsEquationDynamics implements Dynamics<JsTensor> {
  /** Name for messages. */
  readonly name: string;
  private readonly kernels: EquationKernels;
  private readonly spec: ResolvedEquationSpec;
  private readonly n: number;
  private readonly paramNames: readonly string[];
  /** Parameter values, copied in at every call. */
  private readonly p: Float64Array;
  /** Parameter cotangents, summed over the rows of a batch. */
  private readonly gp: Float64Array;
  /** f when the caller of vjpInto does not want it. */
  private scratch = new Float64Array(0);
  private readonly compiled: CompiledEquations;

  /**
   * @param compiled - the compiled equations
   * @param backend - the js backend that owns returned tensors
   * @throws OdeflowError `INVALID_ARGUMENT` unless `compiled` comes from `compileEquations` and `backend` is a JsBackend
   */
  constructor(
    compiled: CompiledEquations,
    private readonly backend: JsBackend,
  ) {
    if (!isCompiledEquations(compiled)) {
      throw new OdeflowError('INVALID_ARGUMENT', `JsEquationDynamics: pass the result of compileEquations; got ${describeValue(compiled)}.`);
    }
    if (!(backend instanceof JsBackend)) {
      throw new OdeflowError('INVALID_ARGUMENT', `JsEquationDynamics: the backend must be a JsBackend; got ${describeValue(backend)}.`);
    }
    this.name = compiled.spec.name;
    this.compiled = compiled;
    this.kernels = compiled.kernels;
    this.spec = compiled.spec;
    this.n = compiled.spec.state.length;
    this.paramNames = compiled.spec.params;
    this.p = new Float64Array(this.paramNames.length);
    this.gp = new Float64Array(this.paramNames.length);
  }

  /** f(t, y, θ) as a new tensor of y's shape ([n] or [B, n]). */
  f(t: number, y: JsTensor, params: readonly JsTensor[]): JsTensor {
    try {
      const rows = this.prepare(t, y, params);
      const out = this.backend.wrap(new Float64Array(y.data.length), y.shape);
      this.forward(t, y.data, rows, out.data);
      return out;
    } catch (e) {
      throw this.explain(e, t, y, params);
    }
  }

  /** f(t, y, θ) written into `out` (y's shape; may be y itself) without allocating. */
  fInto(t: number, y: JsTensor, params: readonly JsTensor[], out: JsTensor): void {
    try {
      const rows = this.prepare(t, y, params);
      if (out.data.length !== y.data.length) {
        throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: fInto's output has ${out.data.length} elements, the state ${y.data.length}.`);
      }
      this.forward(t, y.data, rows, out.data);
    } catch (e) {
      throw this.explain(e, t, y, params, [out, 'output']);
    }
  }

  /**
   * The exact ∂f/∂y at (t, y, θ) from the compiled symbolic partials, written row-major into `out` (N·N, N the
   * number of state components; block-diagonal for a batch). Allocates nothing.
   */
  jacobian(t: number, y: JsTensor, params: readonly JsTensor[], out: Float64Array): void {
    try {
      const rows = this.prepare(t, y, params);
      writeEquationJacobian(this.compiled.jacobianKernel.jacobian, this.spec, t, y.data, rows, this.p, out);
    } catch (e) {
      throw this.explain(e, t, y, params);
    }
  }

  /** ∂f/∂y·v at (t, y, θ) as a new tensor of y's shape (v has y's shape), from the compiled symbolic partials. */
  jvp(t: number, y: JsTensor, v: JsTensor, params: readonly JsTensor[]): JsTensor {
    try {
      const rows = this.prepare(t, y, params);
      const out = this.backend.wrap(new Float64Array(y.data.length), y.shape);
      equationJvp(this.compiled.jacobianKernel.jvp, this.spec, t, y.data, rows, v.data, this.p, out.data);
      return out;
    } catch (e) {
      throw this.explain(e, t, y, params, [v, 'direction']);
    }
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] from the compiled symbolic partials, with f on the way. */
  vjp(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[]): DynamicsVjp<JsTensor> {
    const b = this.backend;
    let owned: JsTensor[] = [];
    try {
      this.prepare(t, y, params);
      const f = b.wrap(new Float64Array(y.data.length), y.shape);
      const gy = b.wrap(new Float64Array(y.data.length), y.shape);
      const grads = params.map((p) => b.wrap(new Float64Array(p.data.length), p.shape));
      owned = [f, gy, ...grads];
      const gt = this.vjpInto(t, y, a, params, { y: gy, params: grads, f });
      return { f, y: gy, params: grads, t: gt };
    } catch (e) {
      b.dispose(owned);
      throw this.explain(e, t, y, params, [a, 'cotangent']);
    }
  }

  /**
   * The VJP written into preallocated tensors; returns aᵀ ∂f/∂t. The targets must not share memory with `y` or
   * `a`. With `accumulate`, the parameter cotangents are added to `out.params` (a backward pass summing over
   * solver stages needs no temporaries).
   */
  vjpInto(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[], out: EquationVjpTargets, accumulate = false): number {
    try {
      return this.vjpRows(t, y, a, params, out, accumulate);
    } catch (e) {
      throw this.explain(e, t, y, params, [a, 'cotangent'], out);
    }
  }

  private vjpRows(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[], out: EquationVjpTargets, accumulate: boolean): number {
    const rows = this.prepare(t, y, params);
    const len = y.data.length;
    if (a.data.length !== len || out.y.data.length !== len || (out.f !== undefined && out.f.data.length !== len)) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the cotangent and the VJP targets must have the state's ${len} elements.`);
    }
    if (!allSingle(out.params, this.p.length)) {
      checkParamSizes(
        out.params.map((g) => g.data.length),
        this.paramNames,
        `${this.name} (VJP targets)`,
      );
    }
    let f = out.f?.data;
    if (f === undefined) {
      if (this.scratch.length !== len) this.scratch = new Float64Array(len);
      f = this.scratch;
    }
    const { kernels, n, p, gp } = this;
    const yd = y.data;
    const ad = a.data;
    const gy = out.y.data;
    gp.fill(0);
    let gt = 0;
    for (let r = 0, o = 0; r < rows; r++, o += n) gt += kernels.vjp(t, yd, o, ad, o, p, f, o, gy, o, gp);
    checkFinite(f, len, this.spec, t, yd, 'f');
    checkFinite(gy, len, this.spec, t, yd, 'aᵀ∂f/∂y');
    checkFinite(gp, gp.length, this.spec, t, yd, 'aᵀ∂f/∂θ');
    if (!Number.isFinite(gt)) checkFinite(Float64Array.of(gt), 1, this.spec, t, yd, 'aᵀ∂f/∂t');
    for (let k = 0; k < gp.length; k++) {
      const g = out.params[k].data;
      g[0] = accumulate ? g[0] + gp[k] : gp[k];
    }
    return gt;
  }

  /**
   * The error to throw for a failed call. The hot path checks only the time's type (argument checks on every
   * call cost more than the kernels): when a call fails any other way, the arguments are checked here, so that a
   * non-tensor argument is reported as INVALID_ARGUMENT naming it rather than as a TypeError.
   */
  private explain(e: unknown, t: unknown, y: unknown, params: unknown, other?: [unknown, string], targets?: EquationVjpTargets): OdeflowError {
    if (e instanceof OdeflowError) return e;
    const name = this.name;
    checkTime(t, name);
    checkJsTensor(y, 'state', name);
    checkList(params, 'params', name);
    checkJsTensors(params, 'params', name);
    if (other !== undefined) checkJsTensor(other[0], other[1], name);
    if (targets !== undefined) {
      if (targets === null || typeof targets !== 'object') checkJsTensor(targets, 'VJP targets', name);
      checkJsTensor(targets.y, 'VJP target y', name);
      if (targets.f !== undefined) checkJsTensor(targets.f, 'VJP target f', name);
      checkList(targets.params, 'VJP target params', name);
      checkJsTensors(targets.params, 'VJP target params', name);
    }
    return new OdeflowError('INVALID_ARGUMENT', `${name}: the call failed (${(e as Error)?.message ?? String(e)}); pass js tensors from equationDynamics's backend.`);
  }

  private forward(t: number, y: Float64Array, rows: number, out: Float64Array): void {
    const { kernels, n, p } = this;
    for (let r = 0, o = 0; r < rows; r++, o += n) kernels.f(t, y, o, p, out, o);
    // Written in place, y no longer holds the state that failed: leave it out of the message.
    checkFinite(out, rows * n, this.spec, t, out === y ? undefined : y, 'f');
  }

  /** Check the time's type and the shapes, and copy the parameter values; returns the number of rows. */
  private prepare(t: number, y: JsTensor, params: readonly JsTensor[]): number {
    if (typeof t !== 'number') checkTime(t, this.name);
    const rows = stateRows(y.shape, this.n, this.name);
    const p = this.p;
    if (!allSingle(params, p.length)) {
      checkParamSizes(
        params.map((q) => q.data.length),
        this.paramNames,
        this.name,
      );
    }
    for (let k = 0; k < p.length; k++) p[k] = params[k].data[0];
    return rows;
  }
}
