import type { TensorBackend } from '@odeflow/core';
import type { ExplicitRk } from './explicit-rk.js';
import type { RecordedStages } from './recorded-stages.js';
import type { StepOutput } from './step-output.js';
import type { TapeStep } from './step-tape.js';

/**
 * Whether the last recorded stage of `prev`, f(t₁, y₁), is the evaluation `next` starts from (FSAL, or the
 * stage non-FSAL methods record for the dense output and hand on): same time, same state. The VJP is
 * linear in its cotangent, so the two cotangents are added and pulled through one VJP, at the next
 * step's first stage — one VJP fewer per step. Not across a jump (the next step restarts from a new
 * evaluation); the caller excludes dense-only stages (they may read that stage).
 * @param tLast - when `prev`'s last stage was evaluated
 */
export function sharesLastStage<T>(st: RecordedStages, prev: TapeStep<T>, next: TapeStep<T>, tLast: number): boolean {
  const last = st.own - 1;
  if (prev.k.length !== st.own || st.c[last] !== 1 || (st.b[last] ?? 0) !== 0) return false;
  const row = st.a[last] ?? [];
  for (let j = 0; j < last; j++) if ((row[j] ?? 0) !== (st.b[j] ?? 0)) return false;
  return tLast === next.t0;
}

/**
 * The cotangent of a step's last stage when it is shared with the next step: only the step's outputs reach it
 * (no later stage reads it, b = 0). Null when none does.
 */
export function lastStageCotangent<T>(
  backend: TensorBackend<T>,
  rk: ExplicitRk,
  step: TapeStep<T>,
  outputs: readonly StepOutput[],
  cotangents: readonly T[],
): T | null {
  const last = step.k.length - 1;
  const coeffs: number[] = [];
  const xs: T[] = [];
  for (const o of outputs) {
    const c = step.dt * (rk.denseWeights(o.theta).k[last] ?? 0);
    if (c === 0) continue;
    coeffs.push(c);
    xs.push(cotangents[o.index]);
  }
  return xs.length === 0 ? null : backend.lincomb(coeffs, xs);
}
