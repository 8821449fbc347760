// Robertson's chemical kinetics (Hairer–Wanner II, §IV.1; IVP test set problem ROBER, rober.f):
// three species, rate constants 0.04, 3e7, 1e4; y0 = [1, 0, 0].

const K1 = 0.04;
const K2 = 3e7;
const K3 = 1e4;

/** dy/dt into out. */
export function fInto(_t, y, out) {
  const [a, b, c] = [y[0], y[1], y[2]];
  out[0] = -K1 * a + K3 * b * c;
  out[1] = K1 * a - K3 * b * c - K2 * b * b;
  out[2] = K2 * b * b;
}

/** Exact ∂f/∂y, row-major n·n into out. */
export function jacobianInto(_t, y, out) {
  const b = y[1];
  const c = y[2];
  out.set([-K1, K3 * c, K3 * b, K1, -K3 * c - 2 * K2 * b, -K3 * b, 0, 2 * K2 * b, 0]);
}

const base = { n: 3, y0: [1, 0, 0], t0: 0, fInto, jacobianInto, atol: (rtol) => rtol * 1e-4, atolNote: 'rtol·1e-4 (y2 is O(1e-5))' };

/** Robertson on [0, 1e5] (the interval of the issue). */
export const robertson = {
  ...base,
  name: 'robertson',
  t1: 1e5,
  // no published value at t = 1e5: computed here with SciPy 1.17.1 Radau, rtol 1e-13, atol 1e-22, exact Jacobian
  // (bench/stiff/reference.py); LSODA at the same tolerances agrees to the digits shown in RESULTS.md
  ref: null,
  refSource: 'SciPy Radau rtol 1e-13 (bench/stiff/reference.py)',
};

/** Robertson on the IVP test set's range [0, 1e11]. */
export const robertsonLong = {
  ...base,
  name: 'robertson-1e11',
  t1: 1e11,
  // IVP test set (Mazzia & Magherini), rober.f `solut`: RADAU5 in quadruple precision
  ref: [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050],
  refSource: 'IVP test set rober.f (solut)',
};
