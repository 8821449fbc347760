import type { DenseWeights } from './interpolant.js';
import type { justBefore } from './just-before.js';

/**
 * One accepted step, as handed to a {@link StepRecorder}. The tensors belong to the recorder from then
 * on: the integration loop never mutates or disposes them (on in-place backends it hands over copies).
 */
export interface StepRecord<T> {
  /** Position of the step among the accepted steps, from 0. */
  index: number;
  /** Time at the start of the step. */
  t0: number;
  /** Signed step (negative when integrating backward). */
  dt: number;
  /** State at t0. */
  y0: T;
  /** State at t0 + dt. */
  y1: T;
  /**
   * Every stage derivative of the step in stage order. The last entry is always f(t₁, y₁): for FSAL
   * methods it is the last stage itself, for the others it is appended (it is the next step's first
   * stage). Adams–Bashforth records only [f(t₀, y₀), f(t₁, y₁)].
   */
  k: T[];
  /**
   * Time at which the stages with c = 1 and the appended f(t₁, y₁) were evaluated: t0 + dt, or
   * {@link justBefore}(t0 + dt) when the step ends on a `jumpT` point (the next step's k[0] is then a fresh
   * f(t₁, y₁), not this step's last stage). Every other stage i is evaluated at t0 + cᵢ·dt.
   */
  tLast?: number;
  /**
   * The method that took the step when it is not the solve's solver (a switching method such as `auto`
   * steps with one of two): its dense-output weights apply to `k`.
   */
  method?: StepMethod;
}

/** The dense output of the method that took a step, as a {@link StepRecord} names it. */
export interface StepMethod {
  /** The method's name. */
  readonly name: string;
  /** Dense-output weights at fraction `theta` of the step. */
  denseWeights(theta: number): DenseWeights;
  /** d/dθ of the weights, when the method has them in closed form. */
  denseWeightDerivatives?(theta: number): DenseWeights;
}

/** Where an output time was produced: which step and at what fraction of it. */
export interface OutputRecord {
  /** Index of the output time in `ts`. */
  index: number;
  /** The output time. */
  t: number;
  /** The accepted step whose dense output produced it (−1 for the initial time). */
  stepIndex: number;
  /** (t − t0)/dt of that step (0 for the initial time). */
  theta: number;
}

/**
 * Observer of the discrete solve, used by the `direct` sensitivity to differentiate it: every accepted
 * step in order, and for every output which step produced it.
 */
export interface StepRecorder<T> {
  /** Called for each accepted step, in order, before the outputs it produces. */
  onStep(rec: StepRecord<T>): void;
  /** Called for each output time (including the initial one), in order. */
  onOutput?(rec: OutputRecord): void;
  /**
   * True when the recorder reads the dense output anywhere inside every step (the interpolating adjoint):
   * the method's dense-output stages (dopri8's, Verner's) are then evaluated for every step before it is
   * recorded, not only for steps that hold an output.
   */
  readonly dense?: boolean;
}
