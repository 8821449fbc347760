// The Oregonator, Field and Noyes' model of the Belousov–Zhabotinskii reaction (Hairer–Wanner II, §IV.1;
// IVP test set problem OREGO, orego.f).

const S = 77.27;
const W = 0.161;
const Q = 8.375e-6;

/** dy/dt into out. */
export function fInto(_t, y, out) {
  out[0] = S * (y[1] + y[0] * (1 - Q * y[0] - y[1]));
  out[1] = (y[2] - (1 + y[0]) * y[1]) / S;
  out[2] = W * (y[0] - y[2]);
}

/** Exact ∂f/∂y, row-major n·n into out. */
export function jacobianInto(_t, y, out) {
  out[0] = S * (1 - 2 * Q * y[0] - y[1]);
  out[1] = S * (1 - y[0]);
  out[2] = 0;
  out[3] = -y[1] / S;
  out[4] = -(1 + y[0]) / S;
  out[5] = 1 / S;
  out[6] = W;
  out[7] = 0;
  out[8] = -W;
}

export const oregonator = {
  name: 'oregonator',
  n: 3,
  y0: [1, 2, 3],
  t0: 0,
  t1: 360,
  fInto,
  jacobianInto,
  atol: (rtol) => rtol,
  atolNote: 'rtol',
  // IVP test set orego.f `solut`
  ref: [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3],
  refSource: 'IVP test set orego.f (solut)',
};
