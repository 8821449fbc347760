import { OdeflowError } from '@odeflow/core';
import type { ExplicitRk } from './explicit-rk.js';

/** Butcher coefficients of every stage a step records (tableau, f(t₁, y₁), dense-output extras). */
export interface RecordedStages {
  /** Stage coefficients, one row per recorded stage. */
  readonly a: readonly (readonly number[])[];
  /** Weights of the recorded stages in y1 (0 for the extras). */
  readonly b: readonly number[];
  /** Stage times as fractions of the step. */
  readonly c: readonly number[];
  /** Stages of the step itself, before the dense-output extras. */
  readonly own: number;
}

/**
 * What a step records, in order: the tableau's stages; f(t₁, y₁) for non-FSAL methods (a stage with
 * c = 1 and the row b); the interpolant's extra stages, if any (only on steps that were interpolated or
 * recorded). Each is kᵢ = f(t0 + cᵢ·dt, y0 + dt·Σⱼ aᵢⱼkⱼ), which is all the backward pass needs.
 */
export function recordedStages(rk: ExplicitRk): RecordedStages {
  const { a, b, c } = rk.tableau;
  const A = [...a];
  const B = [...b];
  const C = [...c];
  if (!rk.solver.fsal) {
    A.push(b);
    B.push(0);
    C.push(1);
  }
  const own = C.length;
  const extra = rk.denseStages;
  if (extra) {
    A.push(...extra.a);
    B.push(...extra.c.map(() => 0));
    C.push(...extra.c);
  }
  return { a: A, b: B, c: C, own };
}

/**
 * Refuse a step that recorded a number of stages the coefficients do not describe.
 * @throws OdeflowError UNSUPPORTED naming the alternative (the adjoint)
 */
export function checkRecorded(rk: ExplicitRk, stages: RecordedStages, recorded: number): void {
  if (recorded === stages.c.length || recorded === stages.own) return;
  throw new OdeflowError(
    'UNSUPPORTED',
    `The solver "${rk.solver.name}" recorded ${recorded} stage derivatives per step but its tableau and ` +
      `dense stages describe ${stages.c.length}; stages it does not describe cannot be differentiated. Use the "adjoint" sensitivity.`,
    { solver: rk.solver.name, recorded, described: stages.c.length },
  );
}
