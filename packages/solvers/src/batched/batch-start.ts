import type { SolveStatus } from '@odeflow/core';
import type { BatchMethod } from './batch-method.js';
import type { ResolvedBatchOptions } from './batch-options.js';
import type { BatchState } from './batch-state.js';
import { scaledNorm } from './batch-kernels.js';

type Finish = (slot: number, status: SolveStatus, message: string) => void;

function nonFiniteAtStart(out: Float64Array, j: number, n: number, t: number, what: string): string | undefined {
  for (let i = 0; i < n; i++) {
    const v = out[j * n + i];
    if (v - v !== 0) {
      return (
        `f wrote ${String(v)} for component ${i} at t = ${t} (${what}), or left out[${j * n + i}] unwritten: write every entry of out ` +
        '(row j of Y at out[j·n … j·n + n − 1]). Check f for a division by zero, a log or sqrt of a negative number or an overflow there.'
      );
    }
  }
  return undefined;
}

/**
 * The start of a batched solve: f(t₀, y₀) of every row (`out` filled with NaN first, so an entry f leaves
 * unwritten is caught), then each row's first step — `firstStep`, or Hairer's heuristic exactly as
 * `initialStep` computes it for one problem (one more batched call of f) — clamped to [dtMin, dtMax]. A row
 * whose f is not finite there fails with `non_finite_state`, as the same problem solved alone does.
 * @internal
 */
export function batchStart(s: BatchState, method: BatchMethod, o: ResolvedBatchOptions, dir: 1 | -1, finish: Finish): void {
  const n = s.n;
  const t0 = s.t[0];
  s.ytmp.set(s.y0);
  s.tArg.fill(t0);
  const k0 = s.k[0];
  k0.fill(NaN);
  s.evalAll(0);
  for (let j = 0; j < s.m; j++) {
    const bad = nonFiniteAtStart(k0, j, n, t0, 'the initial state');
    if (bad) finish(j, 'non_finite_state', bad);
  }
  // the heuristic's call must not hand f the rows that already failed
  s.compact();
  const m = s.m;
  if (m === 0) return;
  if (o.firstStep !== undefined) {
    const first = Math.min(Math.max(o.firstStep, o.dtMin), o.dtMax);
    s.dt.fill(first);
    return;
  }
  // h0 from ‖y₀‖ and ‖f₀‖, an Euler step of that size, then ‖f₁ − f₀‖/h0 (initial-step.ts, row by row)
  const { rtol, atol } = o;
  const y0 = s.y0;
  const h0s = s.h;
  const probe = s.k[1];
  probe.fill(NaN);
  for (let j = 0; j < m; j++) {
    const off = j * n;
    const d0 = scaledNorm(y0, off, y0, y0, off, rtol, atol, n);
    const d1 = scaledNorm(k0, off, y0, y0, off, rtol, atol, n);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    h0s[j] = h0;
    s.err[j] = d1;
    const c = dir * h0;
    for (let i = off; i < off + n; i++) s.ytmp[i] = y0[i] + c * k0[i];
    s.tArg[j] = t0 + dir * h0;
  }
  s.evalAll(1);
  const df = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    if (s.done[j]) continue;
    const bad = nonFiniteAtStart(probe, j, n, t0 + dir * h0s[j], "the first-step heuristic's Euler step");
    if (bad) {
      finish(j, 'non_finite_state', bad);
      continue;
    }
    const off = j * n;
    const h0 = h0s[j];
    const d1 = s.err[j];
    for (let i = 0; i < n; i++) {
      df[i] = (1 / h0) * probe[off + i];
      df[i] += (-1 / h0) * k0[off + i];
    }
    const d2 = scaledNorm(df, 0, y0, y0, off, rtol, atol, n);
    const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / (method.errorOrder + 1));
    s.dt[j] = Math.min(Math.max(Math.min(100 * h0, h1), o.dtMin), o.dtMax);
  }
}
