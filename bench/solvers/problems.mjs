// Benchmark problems of the solvers bench (float64 js backend, allocation-free fInto forms).
import { JsBackend } from '@odeflow/core';

/** The backend all solvers benchmarks run on. */
export const backend = new JsBackend();

/** Lorenz σ = 10, ρ = 28, β = 8/3 from (1, 0, 0) on [0, 20]. */
export const lorenz = {
  name: 'lorenz',
  y0: [1, 0, 0],
  t1: 20,
  dynamics: {
    f(t, y) {
      const out = backend.zeros([3]);
      lorenz.dynamics.fInto(t, y, [], out);
      return out;
    },
    fInto(_t, y, _p, out) {
      const d = y.data;
      const o = out.data;
      o[0] = 10 * (d[1] - d[0]);
      o[1] = d[0] * (28 - d[2]) - d[1];
      o[2] = d[0] * d[1] - (8 / 3) * d[2];
    },
  },
};

const MU = 0.012277471;
const MU1 = 1 - MU;
/** Arenstorf orbit (restricted three-body problem), one period. */
export const arenstorf = {
  name: 'arenstorf',
  y0: [0.994, 0, 0, -2.00158510637908252240537862224],
  t1: 17.0652165601579625588917206249,
  dynamics: {
    f(t, y) {
      const out = backend.zeros([4]);
      arenstorf.dynamics.fInto(t, y, [], out);
      return out;
    },
    fInto(_t, y, _p, out) {
      const [x, vx, yy, vy] = y.data;
      const d1 = Math.pow((x + MU) ** 2 + yy * yy, 1.5);
      const d2 = Math.pow((x - MU1) ** 2 + yy * yy, 1.5);
      const o = out.data;
      o[0] = vx;
      o[1] = x + 2 * vy - (MU1 * (x + MU)) / d1 - (MU * (x - MU1)) / d2;
      o[2] = vy;
      o[3] = yy - 2 * vx - (MU1 * yy) / d1 - (MU * yy) / d2;
    },
  },
  /** The orbit is periodic: after one period it is back at y0 (to ≈ 1e-9, the limit of the published digits' conditioning). */
  exact() {
    return arenstorf.y0;
  },
  exactLabel: 'y0 (periodic orbit)',
};

const E = 0.5;
/** Kepler orbit with eccentricity 0.5 over about three periods, with its closed form. */
export const kepler = {
  name: 'kepler e=0.5',
  y0: [1 - E, 0, 0, Math.sqrt((1 + E) / (1 - E))],
  t1: 20,
  dynamics: {
    f(t, y) {
      const out = backend.zeros([4]);
      kepler.dynamics.fInto(t, y, [], out);
      return out;
    },
    fInto(_t, y, _p, out) {
      const [x, yy, vx, vy] = y.data;
      const r3 = Math.pow(x * x + yy * yy, 1.5);
      const o = out.data;
      o[0] = vx;
      o[1] = vy;
      o[2] = -x / r3;
      o[3] = -yy / r3;
    },
  },
  exactLabel: "closed form (Kepler's equation)",
  /** Exact state at t from Kepler's equation E − e·sin E = t (Newton). */
  exact(t) {
    let ea = t;
    for (let i = 0; i < 50; i++) ea -= (ea - E * Math.sin(ea) - t) / (1 - E * Math.cos(ea));
    const c = Math.cos(ea);
    const s = Math.sin(ea);
    const b = Math.sqrt(1 - E * E);
    const dE = 1 / (1 - E * c);
    return [c - E, b * s, -s * dE, b * c * dE];
  },
};

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
