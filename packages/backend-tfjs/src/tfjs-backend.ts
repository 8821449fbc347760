import * as tf from '@tensorflow/tfjs-core';
import {
  OdeflowError,
  sameShape,
  shapeSize as sizeOf,
  type Autodiff,
  type BackendMemory,
  type TensorBackend,
} from '@odeflow/core';
import type { FusedMlpKernels } from './fused-mlp-kernels.js';
import { TfjsAutodiff } from './tfjs-autodiff.js';
import { transposingMatMul } from './transposing-mat-mul.js';
import '@tensorflow/tfjs-backend-cpu';
import './register-gradients.js';

/** Options of {@link TfjsBackend}. */
export interface TfjsBackendOptions {
  /** Name odeflow knows the backend by (default `tfjs`; the wasm package uses `wasm`). */
  readonly name?: string;
  /**
   * Name of the tfjs backend whose kernels run the ops (default `cpu`). It must be registered with tfjs and
   * initialised (`await tf.setBackend(name)`) before the first op; {@link createTfjsBackend} does both.
   */
  readonly tfjsBackend?: string;
  /**
   * Materialise transposed matMul operands when cheap (see {@link transposingMatMul}). Default: on for the
   * `wasm` kernels, whose transposed-operand path is slow; off elsewhere.
   */
  readonly explicitTransposes?: boolean;
  /**
   * Fused MLP kernels registered for these tfjs kernels (`fused.register(tfjsBackend, io)`), with which the
   * `fused-kernel` block realisation runs on this backend (see `tfjsFusedMlpRealisation`); createTfjsBackend
   * and createWasmBackend supply them unless `fusedBlocks: false`. Default: none (blocks run op by op).
   */
  readonly fusedMlp?: FusedMlpKernels;
}


/** tfjs-wasm's backend: tensors live in its heap, which it can show without copying. */
interface HeapViews {
  typedArrayFromHeap(info: { dataId: object; shape: number[]; dtype: tf.DataType }): ArrayLike<number>;
}

/**
 * A float32 {@link TensorBackend} over TensorFlow.js tensors, with autodiff VJPs through tfjs's tape.
 *
 * Kernels: whichever tfjs backend `tfjsBackend` names (`cpu` here, `wasm` in `@odeflow/backend-wasm`). tfjs
 * has ONE active backend per process, so every op first makes this instance's tfjs backend the active one
 * (a cheap name comparison; the switch itself only happens when two instances on different kernels are
 * used alternately). User code that calls `tf.*` directly runs on whichever backend odeflow last used.
 *
 * Reductions that return JS numbers (`errorNorm`, `rms`, `dot`, `maxAbs`, `allFinite`) read the tensor back
 * once and reduce in float64: a number has to cross to JS anyway, and one read beats a chain of ~3 µs
 * tfjs dispatches. `lincomb` likewise sums in float64 JS when no gradient tape is recording (the solver
 * loop); under a tape it, like every other op returning a tensor, is made of tfjs ops, so gradients flow.
 *
 * Memory: `bytes` and `tensors` are tfjs's process-wide counts (`tf.memory()`), so they include tensors
 * created outside odeflow. tfjs keeps no peak, so `peakBytes` is the largest `bytes` this backend observed
 * at its sampling points: after every op it runs, at the end of every `tidy` callback (before the
 * intermediates are released — within a tidy nothing is freed earlier unless disposed by hand, so this sees
 * the scope's high-water mark), and after the forward and the backward pass of a VJP. Transient tensors
 * that tfjs frees inside a single kernel or inside its own gradient scopes are not seen.
 */
export class TfjsBackend implements TensorBackend<tf.Tensor> {
  /** Registered name (`tfjs` or `wasm`). */
  readonly name: string;
  /** tfjs kernels compute in float32. */
  readonly dtype = 'float32' as const;
  /** float32: relative tolerances below ≈ 1e-6 cannot be honoured. */
  readonly minTolerance = 1e-6;
  /** VJPs through tfjs's gradient tape. */
  readonly autodiff: Autodiff<tf.Tensor>;
  /** The tfjs backend whose kernels run this backend's ops. */
  readonly tfjsBackend: string;

  /** matMul materialises transposed operands (see {@link TfjsBackendOptions.explicitTransposes}). */
  readonly explicitTransposes: boolean;
  /** Fused MLP kernels for neural blocks, when {@link TfjsBackendOptions.fusedMlp} supplied them. */
  readonly fusedMlp?: FusedMlpKernels;

  private peak = 0;
  private readonly engine = tf.engine();
  // float64 accumulator of lincombUntaped, reused (grown on demand) so a lincomb allocates only its result
  private scratch = new Float64Array(0);
  // the kernels' backend when it can lend a view of a tensor's memory (tfjs-wasm's heap), else undefined
  private heap: HeapViews | undefined;

  // Run one kernel through the engine, skipping the tf.* op wrapper (argument conversion, dtype matching):
  // all of this backend's tensors are float32 tf.Tensors already, and the wrapper costs ≈ 0.8 µs of the
  // ≈ 3.4 µs a small op takes on the wasm kernels. The engine still tracks the result in the current
  // scope and records it on an active gradient tape (gradients are registered per kernel).
  private kernel(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor {
    return this.engine.runKernel(name, inputs, attrs) as tf.Tensor;
  }

  /**
   * @param options - names of the odeflow backend and of the tfjs kernels (defaults `tfjs`, `cpu`)
   */
  constructor(options: TfjsBackendOptions = {}) {
    this.name = options.name ?? 'tfjs';
    this.tfjsBackend = options.tfjsBackend ?? 'cpu';
    this.explicitTransposes = options.explicitTransposes ?? this.tfjsBackend === 'wasm';
    if (tf.findBackendFactory(this.tfjsBackend) == null) {
      throw new OdeflowError(
        'BACKEND_UNAVAILABLE',
        `tfjs backend "${this.tfjsBackend}" is not registered. Import its package first ` +
          `(e.g. '@tensorflow/tfjs-backend-cpu'), or use createTfjsBackend().`,
        { tfjsBackend: this.tfjsBackend },
      );
    }
    if (tf.findBackend(this.tfjsBackend) == null) {
      // Backends with a synchronous factory (cpu) initialise right here; asynchronous ones (wasm) must be
      // awaited first, which createTfjsBackend does.
      void tf.setBackend(this.tfjsBackend);
      if (tf.findBackend(this.tfjsBackend) == null) {
        throw new OdeflowError(
          'BACKEND_UNAVAILABLE',
          `tfjs backend "${this.tfjsBackend}" initialises asynchronously. Create the backend with ` +
            `await createTfjsBackend({ tfjsBackend: "${this.tfjsBackend}" }) instead of the constructor.`,
          { tfjsBackend: this.tfjsBackend },
        );
      }
    }
    this.autodiff = new TfjsAutodiff(
      () => this.activate(),
      () => this.sample(),
    );
    this.peak = this.engine.state.numBytes;
    const kernels = tf.findBackend(this.tfjsBackend) as unknown as Partial<HeapViews> | null;
    if (kernels !== null && typeof kernels.typedArrayFromHeap === 'function') this.heap = kernels as HeapViews;
    this.fusedMlp = options.fusedMlp;
  }

  /** Make this instance's tfjs backend the active one (synchronous once it has been initialised). */
  activate(): void {
    if (this.engine.backendName !== this.tfjsBackend) {
      // setBackend runs synchronously to its end when the backend is already initialised (it was, in the
      // constructor or in createTfjsBackend).
      void tf.setBackend(this.tfjsBackend);
    }
  }

  /**
   * Record the bytes tfjs holds now in this backend's peak. Ops of this class do it themselves; code that
   * runs kernels of its own on this backend (fused block kernels) calls it after each.
   */
  samplePeak(): void {
    this.sample();
  }

  private sample(): void {
    const b = this.engine.state.numBytes;
    if (b > this.peak) this.peak = b;
  }

  /**
   * The values of x for reading right away, before any other tfjs call: on tfjs-wasm a view of its heap
   * (no copy, no allocation: most of what the solver reads back is small states, read once), else a copy
   * from dataSync. The view is only valid until the heap next grows, i.e. until the next tensor is made.
   */
  private read(x: tf.Tensor): ArrayLike<number> {
    const heap = this.heap;
    if (heap !== undefined && x.dtype === 'float32') {
      const info = (this.engine.state.tensorInfo as WeakMap<object, { backend: unknown }>).get(x.dataId);
      // data elsewhere (another tfjs backend) or a disposed tensor: dataSync moves it or throws the usual error
      if (info !== undefined && info.backend === heap && !x.isDisposed) return heap.typedArrayFromHeap(x);
    }
    return x.dataSync() as Float32Array;
  }

  private out<X>(x: X): X {
    this.sample();
    return x;
  }

  fromArray(data: ArrayLike<number>, shape?: readonly number[]): tf.Tensor {
    const s = shape ?? [data.length];
    if (sizeOf(s) !== data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `fromArray: ${data.length} values do not fill shape [${s.join(', ')}].`);
    }
    this.activate();
    return this.out(tf.tensor(Float32Array.from(data), [...s], 'float32'));
  }

  zeros(shape: readonly number[]): tf.Tensor {
    sizeOf(shape);
    this.activate();
    return this.out(tf.zeros([...shape], 'float32'));
  }

  fill(shape: readonly number[], value: number): tf.Tensor {
    sizeOf(shape);
    this.activate();
    return this.out(tf.fill([...shape], value, 'float32'));
  }

  toFloat64Array(x: tf.Tensor): Float64Array {
    this.activate();
    return Float64Array.from(this.read(x));
  }

  shape(x: tf.Tensor): readonly number[] {
    return x.shape;
  }

  size(x: tf.Tensor): number {
    return x.size;
  }

  clone(x: tf.Tensor): tf.Tensor {
    this.activate();
    return this.out(tf.clone(x));
  }

  lincomb(coeffs: readonly number[], xs: readonly tf.Tensor[]): tf.Tensor {
    if (coeffs.length !== xs.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `lincomb: ${coeffs.length} coefficients for ${xs.length} tensors.`);
    }
    if (xs.length === 0) throw new OdeflowError('INVALID_ARGUMENT', 'lincomb needs at least one tensor.');
    const shape = xs[0].shape;
    for (let j = 1; j < xs.length; j++) {
      if (!sameShape(xs[j].shape, shape)) {
        throw new OdeflowError(
          'SHAPE_MISMATCH',
          `lincomb: tensor ${j} has shape [${xs[j].shape.join(', ')}], expected [${shape.join(', ')}].`,
        );
      }
    }
    this.activate();
    if (!this.engine.isTapeOn()) return this.out(this.lincombUntaped(coeffs, xs));
    return this.out(
      tf.tidy(() => {
        const terms: tf.Tensor[] = [];
        for (let j = 0; j < xs.length; j++) {
          const c = coeffs[j];
          if (c === 0) continue;
          terms.push(c === 1 ? xs[j] : tf.mul(xs[j], tf.scalar(c, 'float32')));
        }
        if (terms.length === 0) return tf.zerosLike(xs[0]);
        // addN is one kernel for all terms; a lone term may be an input, which the caller must not receive.
        return terms.length === 1 ? tf.clone(terms[0]) : tf.addN(terms);
      }),
    );
  }

  /**
   * lincomb when no gradient tape is recording (the solver loop outside a direct backprop): read each
   * input once, sum in float64, write one tensor. One tensor creation instead of a scalar, a multiply and
   * an add per term (~3–6 µs of dispatch each), and a float64 accumulation rounded once.
   */
  private lincombUntaped(coeffs: readonly number[], xs: readonly tf.Tensor[]): tf.Tensor {
    const n = xs[0].size;
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const acc = this.scratch;
    acc.fill(0, 0, n);
    for (let j = 0; j < xs.length; j++) {
      const c = coeffs[j];
      if (c === 0) continue;
      const x = this.read(xs[j]);
      for (let i = 0; i < n; i++) acc[i] += c * x[i];
    }
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = acc[i];
    return tf.tensor(out, xs[0].shape, 'float32');
  }

  errorNorm(err: tf.Tensor, y0: tf.Tensor, y1: tf.Tensor, rtol: number | tf.Tensor, atol: number | tf.Tensor): number {
    this.activate();
    const e = this.read(err);
    const a = this.read(y0);
    const b = this.read(y1);
    const n = e.length;
    if (a.length !== n || b.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `errorNorm: err, y0 and y1 have ${n}, ${a.length} and ${b.length} elements.`);
    }
    const rt = typeof rtol === 'number' ? null : this.read(rtol);
    const at = typeof atol === 'number' ? null : this.read(atol);
    if ((rt && rt.length !== n) || (at && at.length !== n)) {
      throw new OdeflowError('SHAPE_MISMATCH', `errorNorm: per-component tolerances must have ${n} elements, like y.`);
    }
    if (n === 0) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const ai = Math.abs(a[i]);
      const bi = Math.abs(b[i]);
      const tol = (at ? at[i] : (atol as number)) + (rt ? rt[i] : (rtol as number)) * (ai > bi ? ai : bi);
      const r = e[i] / tol;
      s += r * r;
    }
    return Math.sqrt(s / n);
  }

  rms(x: tf.Tensor): number {
    this.activate();
    const d = this.read(x);
    if (d.length === 0) return 0;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
    return Math.sqrt(s / d.length);
  }

  dot(x: tf.Tensor, y: tf.Tensor): number {
    if (x.size !== y.size) throw new OdeflowError('SHAPE_MISMATCH', `dot: sizes ${x.size} and ${y.size} differ.`);
    this.activate();
    const a = this.read(x);
    const b = this.read(y);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  maxAbs(x: tf.Tensor): number {
    this.activate();
    const d = this.read(x);
    let m = 0;
    for (let i = 0; i < d.length; i++) {
      const v = Math.abs(d[i]);
      if (v > m || v !== v) m = v;
    }
    return m;
  }

  allFinite(x: tf.Tensor): boolean {
    this.activate();
    const d = this.read(x);
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
    return true;
  }

  reshape(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
    if (sizeOf(shape) !== x.size) {
      throw new OdeflowError('SHAPE_MISMATCH', `reshape: cannot view ${x.size} elements as [${shape.join(', ')}].`);
    }
    this.activate();
    return this.out(this.kernel(tf.Reshape, { x }, { shape: [...shape] }));
  }

  concat(xs: readonly tf.Tensor[]): tf.Tensor {
    this.activate();
    if (xs.length === 0) return this.out(tf.zeros([0], 'float32'));
    return this.out(tf.tidy(() => tf.concat(xs.map((x) => tf.reshape(x, [-1])), 0)));
  }

  split(x: tf.Tensor, sizes: readonly number[]): tf.Tensor[] {
    let total = 0;
    for (const s of sizes) total += s;
    if (total !== x.size) {
      throw new OdeflowError('SHAPE_MISMATCH', `split: sizes sum to ${total}, tensor has ${x.size} elements.`);
    }
    this.activate();
    if (sizes.length === 0) return [];
    return this.out(tf.tidy(() => tf.split(tf.reshape(x, [-1]), [...sizes], 0)));
  }

  /**
   * Bring b to a shape tfjs broadcasts the way the contract says: equal shapes, a scalar or one-element b,
   * or a 1-D b matching a's last axis. Equal sizes in different shapes combine elementwise (as on `js`).
   */
  private binary(a: tf.Tensor, b: tf.Tensor | number, kernel: string, what: string): tf.Tensor {
    this.activate();
    // the common case first, without allocating a closure
    if (typeof b !== 'number' && sameShape(a.shape, b.shape)) return this.out(this.kernel(kernel, { a, b }));
    const op = (x: tf.Tensor, y: tf.Tensor) => this.kernel(kernel, { a: x, b: y });
    if (typeof b === 'number') return this.out(tf.tidy(() => op(a, tf.scalar(b, 'float32'))));
    const last = a.shape[a.shape.length - 1];
    if (b.size === a.size) {
      return this.out(
        tf.tidy(() => (a.rank >= b.rank ? op(a, tf.reshape(b, a.shape)) : op(tf.reshape(a, b.shape), b))),
      );
    }
    if (b.size === 1) return this.out(tf.tidy(() => op(a, tf.reshape(b, []))));
    if (b.rank === 1 && b.size === last) return this.out(op(a, b));
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${what}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast (only [..., n] with [n] or a scalar).`,
    );
  }

  add(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.binary(a, b, tf.Add, 'add');
  }
  sub(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.binary(a, b, tf.Sub, 'sub');
  }
  mul(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.binary(a, b, tf.Multiply, 'mul');
  }
  div(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.binary(a, b, tf.RealDiv, 'div');
  }

  private unary(x: tf.Tensor, kernel: string): tf.Tensor {
    this.activate();
    return this.out(this.kernel(kernel, { x }));
  }

  neg(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Neg);
  }
  tanh(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Tanh);
  }
  relu(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Relu);
  }
  sigmoid(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Sigmoid);
  }
  softplus(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Softplus);
  }
  exp(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Exp);
  }
  sin(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Sin);
  }
  cos(x: tf.Tensor): tf.Tensor {
    return this.unary(x, tf.Cos);
  }
  pow(x: tf.Tensor, p: number): tf.Tensor {
    if (!Number.isFinite(p)) throw new OdeflowError('INVALID_ARGUMENT', `pow: the exponent must be finite; got ${p}.`);
    this.activate();
    if (p === 1) return this.out(tf.clone(x));
    // square and x·x² keep negative bases exact and give the cheapest gradients for the common cases.
    if (p === 2) return this.out(tf.square(x));
    if (p === 3) return this.out(tf.tidy(() => tf.mul(x, tf.square(x))));
    return this.out(tf.tidy(() => tf.pow(x, tf.scalar(p, 'float32'))));
  }
  sum(x: tf.Tensor): tf.Tensor {
    this.activate();
    return this.out(tf.sum(x));
  }

  matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
    if (a.rank !== 2 || b.rank !== 2) {
      throw new OdeflowError('SHAPE_MISMATCH', `matMul needs 2-D tensors; got [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`);
    }
    const k = transposeA ? a.shape[0] : a.shape[1];
    const k2 = transposeB ? b.shape[1] : b.shape[0];
    if (k !== k2) throw new OdeflowError('SHAPE_MISMATCH', `matMul: inner dimensions ${k} and ${k2} differ.`);
    this.activate();
    if (this.explicitTransposes) return this.out(transposingMatMul(a as tf.Tensor2D, b as tf.Tensor2D, transposeA, transposeB));
    return this.out(this.kernel(tf.BatchMatMul, { a, b }, { transposeA, transposeB }));
  }

  transpose(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 2) throw new OdeflowError('SHAPE_MISMATCH', `transpose needs a 2-D tensor; got [${x.shape.join(', ')}].`);
    this.activate();
    return this.out(tf.transpose(x));
  }

  tidy<R>(fn: () => R): R {
    this.activate();
    return tf.tidy(() => {
      const r = fn();
      this.sample();
      return r as unknown as tf.TensorContainer;
    }) as unknown as R;
  }

  keep<X extends tf.Tensor>(x: X): X {
    return tf.keep(x);
  }

  dispose(x: tf.Tensor | readonly tf.Tensor[]): void {
    tf.dispose(x as tf.Tensor | tf.Tensor[]);
  }

  memory(): BackendMemory {
    this.sample();
    return { bytes: this.engine.state.numBytes, peakBytes: this.peak, tensors: this.engine.state.numTensors };
  }

  resetPeak(): void {
    this.peak = this.engine.state.numBytes;
  }
}
