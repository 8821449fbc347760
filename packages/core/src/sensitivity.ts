import type { Dynamics } from './dynamics.js';
import type { Solution } from './solution.js';
import type { Solver } from './solver.js';
import type { TensorBackend } from './tensor-backend.js';

/** An initial-value problem on a backend. */
export interface OdeProblem<T> {
  /** The right-hand side. */
  readonly dynamics: Dynamics<T>;
  /** Initial state at ts[0]. */
  readonly y0: T;
  /** Output times, strictly monotone; the first is the initial time. */
  readonly ts: readonly number[];
  /** Parameters θ. */
  readonly params: readonly T[];
}

/** Gradients of a loss with respect to every input of the problem. */
export interface Gradients<T> {
  /** ∂L/∂y0 */
  readonly y0: T;
  /** ∂L/∂θᵢ, one per parameter tensor. */
  readonly params: T[];
  /** ∂L/∂tᵢ, one per output time. */
  readonly ts: number[];
}

/** Cost of a gradient computation. */
export interface SensitivityStats {
  /** f evaluations in the forward solve. */
  nfeForward: number;
  /** f and VJP evaluations in the backward pass. */
  nfeBackward: number;
  /** Accepted forward steps. */
  stepsForward: number;
  /** Accepted backward steps (0 for sensitivities that do not solve backward). */
  stepsBackward: number;
  /** Wall time of the forward solve, ms. */
  forwardMs: number;
  /** Wall time of the backward pass, ms. */
  backwardMs: number;
  /**
   * Most bytes held at once for the gradient (forward + backward), beyond what was live before: live tensors
   * from the backend's accounting plus every buffer reported to the run's {@link MemoryMeter} (block
   * workspaces, WebAssembly memory, float64 copies of the forward solution).
   */
  peakBytes: number;
}

/** A forward solve whose gradient can be taken once. */
export interface SensitivityRun<T> {
  /** The forward solution. */
  readonly solution: Solution<T>;
  /**
   * Map cotangents ∂L/∂y(tᵢ) (one per output time, each with y0's shape) to gradients. Call at most once;
   * it releases what the forward pass stored.
   */
  backward(cotangents: readonly T[]): Gradients<T>;
  /** Counters, completed by {@link SensitivityRun.backward}. */
  readonly stats: SensitivityStats;
  /**
   * What {@link SensitivityStats.peakBytes} was made of so far, bytes per label (`tensors`, `direct tape`,
   * `block workspace`, `wasm memory`...), adding up to it. Optional: sensitivities that do not meter by label omit it.
   */
  heldAtPeak?(): Record<string, number>;
  /** Release stored forward data without computing a gradient. */
  dispose(): void;
}

/**
 * What a sensitivity needs besides the problem.
 * @typeParam T - the backend's tensor type
 * @typeParam O - the forward solve's options. Core does not define the integration loop, so it leaves them open;
 *   the sensitivities of `@odeflow/adjoint` take the loop's own `IntegrateOptions` (package `@odeflow/solvers`).
 * @typeParam S - the sensitivity's own options (e.g. `AdjointOptions`, `CheckpointedOptions` of `@odeflow/adjoint`)
 */
export interface SensitivityContext<T, O extends object = object, S extends object = object> {
  /** The backend of the problem's tensors. */
  readonly backend: TensorBackend<T>;
  /** The forward solver. */
  readonly solver: Solver;
  /** Forward options (tolerances, step control...) passed to the integration loop. */
  readonly options: Readonly<O>;
  /** Sensitivity-specific options (adjointRtol, checkpointEvery, norm...); unknown keys are refused. */
  readonly sensitivityOptions?: Readonly<S>;
  /** Look up another registered solver by name (e.g. the adjoint's `adjointMethod`). */
  readonly resolveSolver: (name: string) => Solver;
}

/**
 * A way of computing gradients of a loss on an ODE solution (`direct`, `adjoint`, `checkpointed`).
 * A sensitivity resolved by name from the container is a `Sensitivity` with open option types: it checks the
 * options it is given at run time (unknown keys and bad values are INVALID_ARGUMENT).
 * @typeParam O - the forward solve's options it accepts
 * @typeParam S - its own options
 */
export interface Sensitivity<O extends object = object, S extends object = object> {
  /** Registered name. */
  readonly name: string;
  /** Option keys this sensitivity accepts in `sensitivityOptions` (unknown keys are refused). */
  readonly optionKeys: readonly string[];
  /** Solve forward and prepare the backward pass. */
  run<T>(problem: OdeProblem<T>, context: SensitivityContext<T, O, S>): SensitivityRun<T>;
}
