import * as tf from '@tensorflow/tfjs-core';
import { paramShapeError, type MlpLayout } from '@odeflow/blocks';
import { isOdeflowError, OdeflowError, sameShape, tensorArgumentError, type Dynamics, type DynamicsVjp } from '@odeflow/core';
import type { TfjsBackend } from './tfjs-backend.js';
import { FUSED_MLP_VJP_KERNEL, fusedMlpKernelName } from './fused-mlp-kernel-names.js';
import type { FusedMlpProgramEntry } from './fused-mlp-programs.js';

/** Refuse what is not a live tfjs tensor before tfjs throws a plain Error on it (a property read per tensor). */
function checkLive(backend: string, block: string, what: string, x: tf.Tensor): void {
  if (!(x instanceof tf.Tensor) || x.isDisposed) throw tensorArgumentError(backend, `${block}: ${what}`, x, x instanceof tf.Tensor);
}

/**
 * An MLP block on a tfjs backend (`tfjs`, `wasm`) as two fused tfjs kernels: f is one dispatch (see
 * {@link fusedMlpKernelName}) and the VJP another ({@link FUSED_MLP_VJP_KERNEL}) instead of 7 and 21 small
 * kernels, each of which costs ≈ 3.5 µs to dispatch on tfjs-wasm (≈ 2–8 µs on the cpu kernels). The kernels run odeflow's own WebAssembly
 * MLP code in float64 on copies of the float32 inputs and round the results to float32. The VJP kernel
 * remembers recent forward passes, so a VJP at a point where f was evaluated (direct backpropagation)
 * skips the forward pass.
 */
export class TfjsFusedMlpDynamics implements Dynamics<tf.Tensor> {
  /** Name for messages. */
  readonly name: string;
  private readonly backend: TfjsBackend;
  private readonly entry: FusedMlpProgramEntry;
  private readonly layout: MlpLayout;
  private readonly engine = tf.engine();
  private readonly attrs: { program: number; t: number };
  private readonly forwardKernel: string;

  /**
   * @param name - the block's name, for messages
   * @param backend - the tfjs backend the tensors live on
   * @param entry - the compiled program of the block's architecture
   * @param forwardKernel - name of the registered forward kernel for the block's parameter count
   * @param layout - the block's parameter layout (shapes are checked on every call)
   */
  constructor(name: string, backend: TfjsBackend, entry: FusedMlpProgramEntry, forwardKernel: string, layout: MlpLayout) {
    this.name = name;
    this.forwardKernel = forwardKernel;
    this.backend = backend;
    this.entry = entry;
    this.layout = layout;
    this.attrs = { program: entry.id, t: 0 };
  }

  /** f(t, y, θ) as a new tensor of y's shape (one kernel dispatch). */
  f(t: number, y: tf.Tensor, params: readonly tf.Tensor[]): tf.Tensor {
    const inputs = this.inputs(y, undefined, params);
    this.backend.activate();
    this.attrs.t = t;
    const out = this.run(this.forwardKernel, inputs) as tf.Tensor;
    this.backend.samplePeak();
    return out;
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] and f at (t, y, θ) (one kernel dispatch). */
  vjp(t: number, y: tf.Tensor, a: tf.Tensor, params: readonly tf.Tensor[]): DynamicsVjp<tf.Tensor> {
    const inputs = this.inputs(y, a, params);
    this.backend.activate();
    this.attrs.t = t;
    const outs = this.run(FUSED_MLP_VJP_KERNEL, inputs) as tf.Tensor[];
    this.backend.samplePeak();
    return { f: outs[0], y: outs[1], params: outs.slice(2), t: this.entry.lastDt };
  }

  /** Run a kernel; the program's refusal of a NaN or ±Infinity parameter is re-thrown under the block's name. */
  private run(kernel: string, inputs: tf.NamedTensorMap): tf.Tensor | tf.Tensor[] {
    try {
      return this.engine.runKernel(kernel, inputs, this.attrs) as tf.Tensor | tf.Tensor[];
    } catch (e) {
      if (!isOdeflowError(e, 'NON_FINITE_PARAMETER')) throw e;
      throw new OdeflowError('NON_FINITE_PARAMETER', e.message.replace(/^\[NON_FINITE_PARAMETER\] [^:]*/, this.name), e.details);
    }
  }

  private inputs(y: tf.Tensor, a: tf.Tensor | undefined, params: readonly tf.Tensor[]): tf.NamedTensorMap {
    const n = this.entry.inputSize;
    checkLive(this.backend.name, this.name, 'the state', y);
    const shape = y.shape;
    if (shape.length === 0 || shape[shape.length - 1] !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the state must have shape [${n}] or [batch, ${n}], got [${shape.join(', ')}].`, {
        shape: [...shape],
      });
    }
    const shapes = this.layout.paramShapes;
    if (!Array.isArray(params) || params.length !== shapes.length) {
      throw new OdeflowError(
        'SHAPE_MISMATCH',
        `${this.name}: expected an array of ${shapes.length} parameter tensors (${this.layout.paramNames.join(', ')}), got ${Array.isArray(params) ? params.length : String(params)}.`,
      );
    }
    if (y.dtype !== 'float32' || (a !== undefined && a.dtype !== 'float32')) {
      throw new OdeflowError('INVALID_ARGUMENT', `${this.name}: the state and cotangent must be float32 tensors, got ${y.dtype}${a === undefined ? '' : ` and ${a.dtype}`}.`);
    }
    const inputs: tf.NamedTensorMap = { y };
    if (a !== undefined) {
      checkLive(this.backend.name, this.name, 'the cotangent', a);
      if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) {
        throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the cotangent has shape [${a.shape.join(', ')}], the state [${shape.join(', ')}].`);
      }
      inputs.a = a;
    }
    for (let k = 0; k < params.length; k++) {
      const p = params[k];
      const want = shapes[k];
      checkLive(this.backend.name, this.name, `parameter ${this.layout.paramNames[k]}`, p);
      if (!sameShape(p.shape, want)) throw paramShapeError(this.name, this.layout.paramNames[k], want, p.shape);
      if (p.dtype !== 'float32') {
        throw new OdeflowError('INVALID_ARGUMENT', `${this.name}: parameter ${this.layout.paramNames[k]} is ${p.dtype}; the tfjs backends' blocks take float32.`);
      }
      inputs[`p${k}`] = p;
    }
    return inputs;
  }
}
