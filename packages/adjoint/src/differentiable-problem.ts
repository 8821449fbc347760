import type { OdeProblem } from '@odeflow/core';
import type { DifferentiableDynamics } from './require-vjp.js';

/** A problem whose dynamics carry a VJP (the sensitivity scaffold checks it before anything else runs). */
export interface DifferentiableProblem<T> extends OdeProblem<T> {
  /** The right-hand side, with its VJP. */
  readonly dynamics: DifferentiableDynamics<T>;
}
