// Van der Pol's oscillator in two forms (Hairer–Wanner II, §IV.1 and §IV.10).

const MU = 1000;

/** y1' = y2, y2' = μ(1 − y1²)y2 − y1 with μ = 1000, into out. */
export function fIntoMu(_t, y, out) {
  out[0] = y[1];
  out[1] = MU * (1 - y[0] * y[0]) * y[1] - y[0];
}

/** Exact ∂f/∂y of the μ form. */
export function jacobianIntoMu(_t, y, out) {
  out[0] = 0;
  out[1] = 1;
  out[2] = -2 * MU * y[0] * y[1] - 1;
  out[3] = MU * (1 - y[0] * y[0]);
}

/** Van der Pol μ = 1000 on [0, 3000] (about 1.5 periods), y0 = [2, 0]. */
export const vanDerPol = {
  name: 'vdp-mu1000',
  n: 2,
  y0: [2, 0],
  t0: 0,
  t1: 3000,
  fInto: fIntoMu,
  jacobianInto: jacobianIntoMu,
  atol: (rtol) => rtol,
  atolNote: 'rtol',
  // no published value on this interval: computed here with SciPy 1.17.1 Radau, rtol 1e-13, atol 1e-13, exact Jacobian
  ref: null,
  refSource: 'SciPy Radau rtol 1e-13 (bench/stiff/reference.py)',
};

const EPS = 1e-6;

/** The scaled form y1' = y2, y2' = ((1 − y1²)y2 − y1)/ε, ε = 1e-6, into out. */
export function fIntoEps(_t, y, out) {
  out[0] = y[1];
  out[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / EPS;
}

/** Exact ∂f/∂y of the scaled form. */
export function jacobianIntoEps(_t, y, out) {
  out[0] = 0;
  out[1] = 1;
  out[2] = (-2 * y[0] * y[1] - 1) / EPS;
  out[3] = (1 - y[0] * y[0]) / EPS;
}

/** Hairer–Wanner's VDPOL (IVP test set problem VDPOL): ε = 1e-6 on [0, 2], y0 = [2, 0]. */
export const vdpol = {
  name: 'vdpol-eps1e-6',
  n: 2,
  y0: [2, 0],
  t0: 0,
  t1: 2,
  fInto: fIntoEps,
  jacobianInto: jacobianIntoEps,
  atol: (rtol) => rtol,
  atolNote: 'rtol',
  // IVP test set vdpol.f `solut` (RADAU5 on a Cray C90 at rtol = atol = 1.1e-18). The copy we found (the R
  // package deTestSet's reference()) prints y2 as −0.8928097010248125e-3; SciPy's Radau at rtol 1e-12 gives
  // y = (1.7061677321704605, −0.8928097010248225), y1 agreeing to 15 digits (and on the slow manifold
  // y2 ≈ y1/(1 − y1²) = −0.893), so the exponent there is a transcription slip: the value is −0.8928097010248125.
  ref: [0.1706167732170469e1, -0.8928097010248125],
  refSource: 'IVP test set vdpol.f (solut)',
};
