// E5: the chemical pyrolysis problem of Enright, Hull and Lindberg's stiff set (Hairer–Wanner II, §IV.10;
// IVP test set problem E5, e5.f), over [0, 1e13]: components spanning 290 orders of magnitude.

const A = 7.89e-10;
const B = 1.1e7;
const C = 1.13e3;
const M = 1e6;

/** dy/dt into out. */
export function fInto(_t, y, out) {
  const [y1, y2, y3, y4] = [y[0], y[1], y[2], y[3]];
  out[0] = -A * y1 - B * y1 * y3;
  out[1] = A * y1 - M * C * y2 * y3;
  out[3] = B * y1 * y3 - C * y4;
  out[2] = out[1] - out[3];
}

/** Exact ∂f/∂y, row-major n·n into out. */
export function jacobianInto(_t, y, out) {
  const [y1, y2, y3] = [y[0], y[1], y[2]];
  out[0] = -A - B * y3; out[1] = 0; out[2] = -B * y1; out[3] = 0;
  out[4] = A; out[5] = -M * C * y3; out[6] = -M * C * y2; out[7] = 0;
  out[12] = B * y3; out[13] = 0; out[14] = B * y1; out[15] = -C;
  for (let j = 0; j < 4; j++) out[8 + j] = out[4 + j] - out[12 + j];
}

export const e5 = {
  name: 'e5',
  n: 4,
  y0: [1.76e-3, 0, 0, 0],
  t0: 0,
  t1: 1e13,
  fInto,
  jacobianInto,
  atol: () => 1.7e-24,
  atolNote: '1.7e-24 (as the IVP test set runs E5)',
  // IVP test set e5.f `solut`
  ref: [0.1152903278711829e-290, 0.8867655517642120e-22, 0.8854814626268838e-22, 0],
  refSource: 'IVP test set e5.f (solut)',
};
