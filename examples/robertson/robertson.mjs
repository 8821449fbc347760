// Robertson's chemical kinetics (Robertson 1966; Hairer & Wanner, Solving ODEs II, §IV.1):
//   A → B (k₁ = 0.04),  B + B → C + B (k₂ = 3·10⁷),  B + C → A + C (k₃ = 10⁴),  y(0) = [1, 0, 0].
// The rate constants differ by nine orders of magnitude, so the Jacobian's eigenvalues do too: an explicit
// method's step is held to ~1e-3 by stability long after the solution has gone flat, while an implicit method
// steps across decades. The model is written as equations with the rates as log-parameters (kᵢ = exp(log_kᵢ)),
// so the equations package supplies f, its exact Jacobian (for the implicit method) and its exact VJPs (for
// the adjoint), and an optimizer moves the parameters on a log scale.
import { createOdeflow, equationDynamics } from 'odeflow';

/** The true rate constants [k₁, k₂, k₃]. */
export const ROBERTSON_RATES = Object.freeze([0.04, 3e7, 1e4]);

/** The species, in state order, with the names the plot uses. */
export const ROBERTSON_STATES = Object.freeze(['A', 'B', 'C']);

/**
 * The model as data: states A, B, C and the log rate constants log_k1, log_k2, log_k3 starting at the
 * logarithms of `rates`.
 * @param {readonly number[]} rates - [k₁, k₂, k₃], each > 0
 */
export function robertsonSpec(rates = ROBERTSON_RATES) {
  const [k1, k2, k3] = rates;
  return {
    name: 'robertson',
    state: [...ROBERTSON_STATES],
    params: { log_k1: Math.log(k1), log_k2: Math.log(k2), log_k3: Math.log(k3) },
    equations: {
      A: '-exp(log_k1)*A + exp(log_k3)*B*C',
      B: 'exp(log_k1)*A - exp(log_k3)*B*C - exp(log_k2)*B^2',
      C: 'exp(log_k2)*B^2',
    },
  };
}

/** `count` times spaced evenly in log t from 10^fromExp to 10^toExp (both included). */
export function logTimes(fromExp, toExp, count) {
  return Array.from({ length: count }, (_, i) => 10 ** (fromExp + ((toExp - fromExp) * i) / (count - 1)));
}

/**
 * Solve Robertson's problem with a stiff method, from t = 0 to `tEnd`, with outputs at `points` log-spaced times
 * from 1e-6 on (and at t = 0).
 * @param {{ tEnd?: number, points?: number, method?: string, rtol?: number, atol?: number, rates?: readonly number[] }} options
 * @returns {{ ts: number[], ys: number[][], stats: object, status: string, ms: number }}
 */
export async function solveRobertson(options = {}) {
  const { tEnd = 1e11, points = 341, method = 'rodas5p', rtol = 1e-8, atol = 1e-14, rates = ROBERTSON_RATES } = options;
  const flow = await createOdeflow({ solver: method, options: { rtol, atol } });
  const backend = flow.backend;
  const { dynamics, params } = equationDynamics(backend, robertsonSpec(rates));
  const ts = [0, ...logTimes(-6, Math.log10(tEnd), points)];
  ts[ts.length - 1] = tEnd;
  const y0 = backend.fromArray([1, 0, 0]);
  const t0 = performance.now();
  const sol = flow.solve({ dynamics, y0, ts, params });
  const ms = performance.now() - t0;
  const ys = sol.ys.map((y) => Array.from(backend.toFloat64Array(y)));
  backend.dispose([y0, ...params, ...sol.ys]);
  return { ts, ys, stats: sol.stats, status: sol.status, ms };
}
