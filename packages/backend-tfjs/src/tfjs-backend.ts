import * as tf from '@tensorflow/tfjs-core';
import {
  OdeflowError,
  shapeSize as sizeOf,
  type Autodiff,
  type BackendMemory,
  type TensorBackend,
} from '@odeflow/core';
import type { FusedMlpKernels } from './fused-mlp-kernels.js';
import { checkTfjsTensor } from './check-tfjs-tensor.js';
import { initTfjsKernels } from './init-tfjs-kernels.js';
import { PeakTracker } from './peak-tracker.js';
import { ReadbackReductions } from './readback-reductions.js';
import { TensorReader } from './tensor-reader.js';
import { TfjsAutodiff } from './tfjs-autodiff.js';
import { TfjsKernelRunner } from './tfjs-kernel-runner.js';
import { TfjsLincomb } from './tfjs-lincomb.js';
import { TfjsShapeOps } from './tfjs-shape-ops.js';
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

  private readonly engine = tf.engine();
  private readonly peaks: PeakTracker;
  // reads tensors back to JS, from tfjs-wasm's heap without a copy when the kernels are wasm
  private readonly reader: TensorReader;
  private readonly lincombs: TfjsLincomb;
  private readonly reductions: ReadbackReductions;
  private readonly kernels: TfjsKernelRunner;
  private readonly shapes: TfjsShapeOps;

  /**
   * @param options - names of the odeflow backend and of the tfjs kernels (defaults `tfjs`, `cpu`)
   */
  constructor(options: TfjsBackendOptions = {}) {
    this.name = options.name ?? 'tfjs';
    this.tfjsBackend = options.tfjsBackend ?? 'cpu';
    this.explicitTransposes = options.explicitTransposes ?? this.tfjsBackend === 'wasm';
    initTfjsKernels(this.tfjsBackend);
    this.autodiff = new TfjsAutodiff(
      () => this.activate(),
      () => this.sample(),
    );
    this.peaks = new PeakTracker(this.engine);
    this.reader = new TensorReader(this.engine, this.tfjsBackend);
    const read = (x: tf.Tensor): ArrayLike<number> => this.reader.read(x);
    const activate = (): void => this.activate();
    this.lincombs = new TfjsLincomb(this.engine, read, activate);
    this.reductions = new ReadbackReductions(read, activate);
    this.kernels = new TfjsKernelRunner(this.engine, activate, () => this.sample());
    this.shapes = new TfjsShapeOps(this.kernels, activate, () => this.sample());
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
    this.peaks.sample();
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
    return Float64Array.from(this.reader.read(x));
  }

  shape(x: tf.Tensor): readonly number[] {
    return x.shape;
  }

  /** Throw INVALID_ARGUMENT unless `x` is a live float32 tfjs tensor (see `TensorBackend.checkTensor`). */
  checkTensor = (x: unknown, what: string): void => checkTfjsTensor(x, what, this.name);

  size(x: tf.Tensor): number {
    return x.size;
  }

  clone(x: tf.Tensor): tf.Tensor {
    this.activate();
    return this.out(tf.clone(x));
  }

  lincomb(coeffs: readonly number[], xs: readonly tf.Tensor[]): tf.Tensor {
    return this.out(this.lincombs.lincomb(coeffs, xs));
  }

  errorNorm(err: tf.Tensor, y0: tf.Tensor, y1: tf.Tensor, rtol: number | tf.Tensor, atol: number | tf.Tensor): number {
    return this.reductions.errorNorm(err, y0, y1, rtol, atol);
  }

  rms(x: tf.Tensor): number {
    return this.reductions.rms(x);
  }

  dot(x: tf.Tensor, y: tf.Tensor): number {
    return this.reductions.dot(x, y);
  }

  maxAbs(x: tf.Tensor): number {
    return this.reductions.maxAbs(x);
  }

  allFinite(x: tf.Tensor): boolean {
    return this.reductions.allFinite(x);
  }

  reshape(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
    return this.shapes.reshape(x, shape);
  }

  concat(xs: readonly tf.Tensor[]): tf.Tensor {
    return this.shapes.concat(xs);
  }

  split(x: tf.Tensor, sizes: readonly number[]): tf.Tensor[] {
    return this.shapes.split(x, sizes);
  }

  add(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.kernels.binary(a, b, tf.Add, 'add');
  }
  sub(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.kernels.binary(a, b, tf.Sub, 'sub');
  }
  mul(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.kernels.binary(a, b, tf.Multiply, 'mul');
  }
  div(a: tf.Tensor, b: tf.Tensor | number): tf.Tensor {
    return this.kernels.binary(a, b, tf.RealDiv, 'div');
  }

  neg(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Neg);
  }
  tanh(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Tanh);
  }
  relu(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Relu);
  }
  sigmoid(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Sigmoid);
  }
  softplus(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Softplus);
  }
  exp(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Exp);
  }
  sin(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Sin);
  }
  cos(x: tf.Tensor): tf.Tensor {
    return this.kernels.unary(x, tf.Cos);
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
    return this.kernels.matMul(a, b, transposeA, transposeB, this.explicitTransposes);
  }

  transpose(x: tf.Tensor): tf.Tensor {
    return this.shapes.transpose(x);
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
    return this.peaks.memory();
  }

  resetPeak(): void {
    this.peaks.reset();
  }
}
