import type { OdeflowError } from './odeflow-error.js';

/** How a solve ended. Anything but `success` and `terminated` is a failure with a message naming the fix. */
export type SolveStatus =
  | 'success'
  | 'terminated'
  | 'max_steps_exceeded'
  | 'step_size_underflow'
  | 'non_finite_state'
  | 'newton_failed'
  | 'stiff';

/** Counters of one solve. */
export interface SolveStats {
  /** Evaluations of f. */
  nfe: number;
  /** Attempted steps (accepted + rejected). */
  steps: number;
  /** Accepted steps. */
  accepted: number;
  /** Rejected steps. */
  rejected: number;
  /** Jacobian evaluations. */
  njev: number;
  /** LU factorisations. */
  nlu: number;
  /** Newton iterations (implicit methods). */
  newtonIterations: number;
  /** Newton iterations that did not converge (each rejects its step). */
  newtonFailures: number;
  /**
   * Method switches of a switching solver (`auto`): each change from its explicit method to its stiff one or
   * back counts once. Absent for single methods.
   */
  switches?: number;
  /** Accepted steps of a switching solver (`auto`) by the name of the method that took them. Absent for single methods. */
  methodSteps?: Record<string, number>;
  /**
   * Length of time a switching solver (`auto`) covered with each method (the sum of |dt| over its accepted
   * steps), by method name. Absent for single methods.
   */
  methodSpans?: Record<string, number>;
}

/** One located event. */
export interface EventRecord<T> {
  /** Index of the event function in the `events` option. */
  readonly index: number;
  /** Time of the crossing. */
  readonly t: number;
  /** State at the crossing. */
  readonly y: T;
  /** +1 for a rising crossing, −1 for a falling one. */
  readonly direction: 1 | -1;
  /** Whether this event stopped the solve. */
  readonly terminal: boolean;
}

/** The result of a solve. */
export interface Solution<T> {
  /** The output times (up to the last one reached, if the solve stopped early). */
  readonly ts: number[];
  /** The state at each output time. */
  readonly ys: T[];
  /** Counters. */
  readonly stats: SolveStats;
  /** How the solve ended. */
  readonly status: SolveStatus;
  /** Human-readable explanation of a status other than success. */
  readonly message?: string;
  /**
   * The time the solve reached: the last output time on success, the time of a terminal event, and on
   * a failure the end of the last accepted step (where the solve stopped, usually past the last output).
   */
  readonly tReached: number;
  /**
   * The error f threw when it returned a non-finite value (status `non_finite_state`), naming the time
   * and the component: what {@link solveStatusError} gives back for such a solve.
   */
  readonly cause?: OdeflowError;
  /** Events located during the solve, in time order. */
  readonly events: EventRecord<T>[];
  /** Dense output over the integrated interval, when requested. */
  evaluate?(t: number): T;
}
