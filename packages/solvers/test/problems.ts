import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';

/** Shared float64 backend of the solvers tests. */
export const be = new JsBackend();

/**
 * A nonlinear, non-autonomous system with a closed form: y₁' = y₁·cos t (y₁ = e^{sin t}),
 * y₂' = −2t·y₂² (y₂ = 1/(1 + t²)). Both components exercise every elementary differential.
 */
export const knownProblem: Dynamics<JsTensor> = {
  name: 'known',
  f(t, y) {
    return be.fromArray([y.data[0] * Math.cos(t), -2 * t * y.data[1] * y.data[1]]);
  },
  jacobian(t, y, _p, out) {
    out.set([Math.cos(t), 0, 0, -4 * t * y.data[1]]);
  },
};

/** Exact solution of {@link knownProblem} from y(0) = [1, 1]. */
export function knownExact(t: number): number[] {
  return [Math.exp(Math.sin(t)), 1 / (1 + t * t)];
}

/** Same problem written with fInto (the allocation-free path). */
export const knownProblemInto: Dynamics<JsTensor> = {
  name: 'known-into',
  f: knownProblem.f,
  fInto(t, y, _p, out) {
    out.data[0] = y.data[0] * Math.cos(t);
    out.data[1] = -2 * t * y.data[1] * y.data[1];
  },
};

/** Lorenz (σ = 10, ρ = 28, β = 8/3) with fInto. */
export const lorenz: Dynamics<JsTensor> = {
  name: 'lorenz',
  f(t, y) {
    const out = be.zeros([3]);
    lorenz.fInto!(t, y, [], out);
    return out;
  },
  fInto(_t, y, _p, out) {
    const d = y.data;
    const o = out.data;
    o[0] = 10 * (d[1] - d[0]);
    o[1] = d[0] * (28 - d[2]) - d[1];
    o[2] = d[0] * d[1] - (8 / 3) * d[2];
  },
};

/** Largest absolute difference between a tensor and plain values. */
export function maxErr(y: JsTensor, exact: number[]): number {
  let m = 0;
  for (let i = 0; i < exact.length; i++) m = Math.max(m, Math.abs(y.data[i] - exact[i]));
  return m;
}

/** Least-squares slope of log(err) against log(h). */
export function fittedSlope(hs: number[], errs: number[]): number {
  const x = hs.map(Math.log);
  const y = errs.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return num / den;
}
