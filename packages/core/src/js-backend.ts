import { allFinite } from './all-finite.js';
import { broadcastBinaryInto } from './broadcast-binary-into.js';
import { collectTensors } from './collect-tensors.js';
import { DenseLu } from './dense-lu.js';
import { dot } from './dot.js';
import { errorNorm } from './error-norm.js';
import { JsTensor } from './js-tensor.js';
import { jsInPlaceOps } from './js-in-place-ops.js';
import { lincombInto } from './lincomb-into.js';
import { matMul } from './mat-mul.js';
import { maxAbs } from './max-abs.js';
import { OdeflowError } from './odeflow-error.js';
import { rms } from './rms.js';
import { sameShape } from './same-shape.js';
import { tensorArgumentError } from './tensor-argument-error.js';
import { shapeSize as sizeOf } from './shape-size.js';
import type { BackendMemory, InPlaceOps, TensorBackend } from './tensor-backend.js';

const BYTES = 8;

function softplus1(x: number): number {
  return x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x));
}

/**
 * The float64 backend: typed-array tensors, no dependencies, mutable in-place ops for the solver loop,
 * and exact byte accounting of the tensors it created and that were not released. Disposal matters here
 * as on tfjs: released tensors stop counting as held, which is how sensitivities compare memory.
 */
export class JsBackend implements TensorBackend<JsTensor> {
  /** Registered name. */
  readonly name = 'js';
  /** float64 throughout. */
  readonly dtype = 'float64' as const;
  /** ≈ 100·machine epsilon. */
  readonly minTolerance = 1e-14;
  /** Allocation-free ops for the solver loop. */
  readonly inPlace: InPlaceOps<JsTensor>;
  /** Dense LU with partial pivoting and its solve, in place and allocation-free (implicit methods). */
  readonly linalg = new DenseLu();

  private bytes = 0;
  private peak = 0;
  private live = 0;
  private readonly scopes: JsTensor[][] = [];

  constructor() {
    this.inPlace = jsInPlaceOps((out, coeffs, xs) => this.lincombInto(out, coeffs, xs));
  }

  /** Wrap data the backend has just allocated, counting its bytes. */
  wrap(data: Float64Array, shape: readonly number[]): JsTensor {
    const t = new JsTensor(data, shape);
    this.bytes += data.length * BYTES;
    this.live++;
    if (this.bytes > this.peak) this.peak = this.bytes;
    const n = this.scopes.length;
    if (n > 0) this.scopes[n - 1].push(t);
    return t;
  }

  fromArray(data: ArrayLike<number>, shape?: readonly number[]): JsTensor {
    const s = shape ?? [data.length];
    if (sizeOf(s) !== data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `fromArray: ${data.length} values do not fill shape [${s.join(', ')}].`);
    }
    // Float64Array.from would turn null into 0 and '1' into 1: only numbers are taken
    if (!ArrayBuffer.isView(data)) {
      for (let i = 0; i < data.length; i++) {
        const v: unknown = data[i];
        if (typeof v !== 'number') {
          throw new OdeflowError('INVALID_ARGUMENT', `fromArray: value [${i}] is ${v === null ? 'null' : `a ${typeof v}`}; pass numbers only (nothing is converted).`, { index: i });
        }
      }
    }
    return this.wrap(Float64Array.from(data), [...s]);
  }

  zeros(shape: readonly number[]): JsTensor {
    return this.wrap(new Float64Array(sizeOf(shape)), [...shape]);
  }

  fill(shape: readonly number[], value: number): JsTensor {
    return this.wrap(new Float64Array(sizeOf(shape)).fill(value), [...shape]);
  }

  toFloat64Array(x: JsTensor): Float64Array {
    return x.data.slice();
  }

  shape(x: JsTensor): readonly number[] {
    return x.shape;
  }

  size(x: JsTensor): number {
    return x.data.length;
  }

  checkTensor(x: unknown, what: string): void {
    if (!(x instanceof JsTensor) || x.disposed) throw tensorArgumentError(this.name, what, x, x instanceof JsTensor);
  }

  clone(x: JsTensor): JsTensor {
    return this.wrap(x.data.slice(), x.shape);
  }

  lincomb(coeffs: readonly number[], xs: readonly JsTensor[]): JsTensor {
    const out = this.wrap(new Float64Array(xs[0].data.length), xs[0].shape);
    this.lincombInto(out, coeffs, xs);
    return out;
  }

  /** out ← Σ cᵢ·xᵢ without allocating. */
  lincombInto(out: JsTensor, coeffs: readonly number[], xs: readonly JsTensor[]): void {
    lincombInto(out, coeffs, xs);
  }

  errorNorm(err: JsTensor, y0: JsTensor, y1: JsTensor, rtol: number | JsTensor, atol: number | JsTensor): number {
    return errorNorm(err, y0, y1, rtol, atol);
  }

  rms(x: JsTensor): number {
    return rms(x);
  }

  dot(x: JsTensor, y: JsTensor): number {
    return dot(x, y);
  }

  maxAbs(x: JsTensor): number {
    return maxAbs(x);
  }

  allFinite(x: JsTensor): boolean {
    return allFinite(x);
  }

  reshape(x: JsTensor, shape: readonly number[]): JsTensor {
    if (sizeOf(shape) !== x.data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `reshape: cannot view ${x.data.length} elements as [${shape.join(', ')}].`);
    }
    return this.wrap(x.data.slice(), [...shape]);
  }

  concat(xs: readonly JsTensor[]): JsTensor {
    let n = 0;
    for (const x of xs) n += x.data.length;
    const out = new Float64Array(n);
    let o = 0;
    for (const x of xs) {
      out.set(x.data, o);
      o += x.data.length;
    }
    return this.wrap(out, [n]);
  }

  split(x: JsTensor, sizes: readonly number[]): JsTensor[] {
    let total = 0;
    for (const s of sizes) total += s;
    if (total !== x.data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `split: sizes sum to ${total}, tensor has ${x.data.length} elements.`);
    }
    const out: JsTensor[] = [];
    let o = 0;
    for (const s of sizes) {
      out.push(this.wrap(x.data.slice(o, o + s), [s]));
      o += s;
    }
    return out;
  }

  private binary(a: JsTensor, b: JsTensor | number, op: (x: number, y: number) => number, what: string): JsTensor {
    const out = new Float64Array(a.data.length);
    return this.wrap(out, broadcastBinaryInto(out, a, b, op, what));
  }

  private unary(x: JsTensor, op: (v: number) => number): JsTensor {
    const d = x.data;
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = op(d[i]);
    return this.wrap(out, x.shape);
  }

  add(a: JsTensor, b: JsTensor | number): JsTensor {
    return this.binary(a, b, (x, y) => x + y, 'add');
  }
  sub(a: JsTensor, b: JsTensor | number): JsTensor {
    return this.binary(a, b, (x, y) => x - y, 'sub');
  }
  mul(a: JsTensor, b: JsTensor | number): JsTensor {
    return this.binary(a, b, (x, y) => x * y, 'mul');
  }
  div(a: JsTensor, b: JsTensor | number): JsTensor {
    return this.binary(a, b, (x, y) => x / y, 'div');
  }
  neg(x: JsTensor): JsTensor {
    return this.unary(x, (v) => -v);
  }
  tanh(x: JsTensor): JsTensor {
    return this.unary(x, Math.tanh);
  }
  relu(x: JsTensor): JsTensor {
    return this.unary(x, (v) => (v > 0 ? v : 0));
  }
  sigmoid(x: JsTensor): JsTensor {
    return this.unary(x, (v) => 1 / (1 + Math.exp(-v)));
  }
  softplus(x: JsTensor): JsTensor {
    return this.unary(x, softplus1);
  }
  exp(x: JsTensor): JsTensor {
    return this.unary(x, Math.exp);
  }
  sin(x: JsTensor): JsTensor {
    return this.unary(x, Math.sin);
  }
  cos(x: JsTensor): JsTensor {
    return this.unary(x, Math.cos);
  }
  pow(x: JsTensor, p: number): JsTensor {
    if (p === 2) return this.unary(x, (v) => v * v);
    if (p === 3) return this.unary(x, (v) => v * v * v);
    return this.unary(x, (v) => Math.pow(v, p));
  }
  sum(x: JsTensor): JsTensor {
    let s = 0;
    const d = x.data;
    for (let i = 0; i < d.length; i++) s += d[i];
    return this.wrap(Float64Array.of(s), []);
  }

  matMul(a: JsTensor, b: JsTensor, transposeA = false, transposeB = false): JsTensor {
    return matMul(this, a, b, transposeA, transposeB);
  }

  transpose(x: JsTensor): JsTensor {
    if (x.shape.length !== 2) throw new OdeflowError('SHAPE_MISMATCH', `transpose needs a 2-D tensor; got [${x.shape.join(', ')}].`);
    const [r, c] = x.shape;
    const out = new Float64Array(r * c);
    const d = x.data;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
    return this.wrap(out, [c, r]);
  }

  tidy<R>(fn: () => R): R {
    const scope: JsTensor[] = [];
    this.scopes.push(scope);
    let result: R;
    try {
      result = fn();
    } finally {
      this.scopes.pop();
    }
    const keep = new Set<JsTensor>();
    collectTensors(result, keep);
    const parent = this.scopes.length > 0 ? this.scopes[this.scopes.length - 1] : null;
    for (const t of scope) {
      if (keep.has(t) || t.kept) {
        if (parent && !t.kept) parent.push(t);
      } else {
        this.release(t);
      }
    }
    return result;
  }

  keep<X extends JsTensor>(x: X): X {
    x.kept = true;
    return x;
  }

  dispose(x: JsTensor | readonly JsTensor[]): void {
    if (x instanceof JsTensor) this.release(x);
    else for (const t of x) this.release(t);
  }

  private release(t: JsTensor): void {
    if (t.disposed) return;
    t.disposed = true;
    this.bytes -= t.data.length * BYTES;
    this.live--;
  }

  memory(): BackendMemory {
    return { bytes: this.bytes, peakBytes: this.peak, tensors: this.live };
  }

  resetPeak(): void {
    this.peak = this.bytes;
  }

  /** True when two tensors have the same shape. */
  sameShape(a: JsTensor, b: JsTensor): boolean {
    return sameShape(a.shape, b.shape);
  }
}
