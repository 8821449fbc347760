// HIRES: "High Irradiance RESponse" of plant morphogenesis, 8 species (Schäfer 1975; Hairer–Wanner II, §IV.10;
// IVP test set problem HIRES, hires.f).

/** dy/dt into out. */
export function fInto(_t, y, out) {
  out[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
  out[1] = 1.71 * y[0] - 8.75 * y[1];
  out[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
  out[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
  out[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
  out[5] = -280 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
  out[6] = 280 * y[5] * y[7] - 1.81 * y[6];
  out[7] = -280 * y[5] * y[7] + 1.81 * y[6];
}

/** Exact ∂f/∂y, row-major n·n into out. */
export function jacobianInto(_t, y, out) {
  out.fill(0);
  const J = (i, j, v) => (out[i * 8 + j] = v);
  J(0, 0, -1.71); J(0, 1, 0.43); J(0, 2, 8.32);
  J(1, 0, 1.71); J(1, 1, -8.75);
  J(2, 2, -10.03); J(2, 3, 0.43); J(2, 4, 0.035);
  J(3, 1, 8.32); J(3, 2, 1.71); J(3, 3, -1.12);
  J(4, 4, -1.745); J(4, 5, 0.43); J(4, 6, 0.43);
  J(5, 3, 0.69); J(5, 4, 1.71); J(5, 5, -280 * y[7] - 0.43); J(5, 6, 0.69); J(5, 7, -280 * y[5]);
  J(6, 5, 280 * y[7]); J(6, 6, -1.81); J(6, 7, 280 * y[5]);
  J(7, 5, -280 * y[7]); J(7, 6, 1.81); J(7, 7, -280 * y[5]);
}

export const hires = {
  name: 'hires',
  n: 8,
  y0: [1, 0, 0, 0, 0, 0, 0, 0.0057],
  t0: 0,
  t1: 321.8122,
  fInto,
  jacobianInto,
  atol: (rtol) => rtol * 1e-4,
  atolNote: 'rtol·1e-4',
  // IVP test set hires.f `hiressol`: RADAU5 on a Cray C90, uround 1.01e-19, rtol = atol = h0 = 1.1e-18
  ref: [
    0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
    0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
  ],
  refSource: 'IVP test set hires.f (hiressol)',
};
