// POLLU: the air-pollution model of the Dutch National Institute of Public Health (Verwer 1994), 20 species and
// 25 reactions (IVP test set problem POLLU, pollu.f). Written as mass-action data so that f and its exact
// Jacobian come from one table.

/** Rate constants k1…k25 of pollu.f (k19 = 0.444e12: some transcriptions drop its exponent to 44.4, which moves y16 by 4000×). */
const K = [
  0.35, 26.6, 1.23e4, 8.6e-4, 8.2e-4, 1.5e4, 1.3e-4, 2.4e4, 1.65e4, 9e3, 2.2e-2, 1.2e4, 1.88, 1.63e4, 4.8e6, 3.5e-4,
  1.75e-2, 1e8, 4.44e11, 1.24e3, 2.1, 5.78, 4.74e-2, 1.78e3, 3.12,
];

/** Reactants of reaction j (0-based species): r_j = k_j · Π y[reactants]. */
const REACTANTS = [
  [0], [1, 3], [4, 1], [6], [6], [6, 5], [8], [8, 5], [10, 1], [10, 0], [12], [9, 1], [13], [0, 5], [2], [3], [3], [15],
  [15], [16, 5], [18], [18], [0, 3], [18, 0], [19],
];

/** dy_i/dt = Σ_j s·r_j over [i, j, s] (pollu.f's right-hand side, reaction indices 0-based). */
const STOICHIOMETRY = [];
function add(i, minus, plus) {
  for (const j of minus) STOICHIOMETRY.push([i, j, -1]);
  for (const j of plus) STOICHIOMETRY.push([i, j, 1]);
}
add(0, [0, 9, 13, 22, 23], [1, 2, 8, 10, 11, 21, 24]);
add(1, [1, 2, 8, 11], [0, 20]);
add(2, [14], [0, 16, 18, 21]);
add(3, [1, 15, 16, 22], [14]);
add(4, [2], [3, 3, 5, 6, 12, 19]);
add(5, [5, 7, 13, 19], [2, 17, 17]);
add(6, [3, 4, 5], [12]);
add(7, [], [3, 4, 5, 6]);
add(8, [6, 7], []);
add(9, [11], [6, 8]);
add(10, [8, 9], [7, 10]);
add(11, [], [8]);
add(12, [10], [9]);
add(13, [12], [11]);
add(14, [], [13]);
add(15, [17, 18], [15]);
add(16, [19], []);
add(17, [], [19]);
add(18, [20, 21, 23], [22, 24]);
add(19, [24], [23]);

const N = 20;
const rates = new Float64Array(K.length);

/** dy/dt into out. */
export function fInto(_t, y, out) {
  for (let j = 0; j < K.length; j++) {
    const r = REACTANTS[j];
    rates[j] = r.length === 1 ? K[j] * y[r[0]] : K[j] * y[r[0]] * y[r[1]];
  }
  out.fill(0, 0, N);
  for (const [i, j, s] of STOICHIOMETRY) out[i] += s * rates[j];
}

/** Exact ∂f/∂y, row-major n·n into out: ∂r_j/∂y_m by the product rule, scattered through the stoichiometry. */
export function jacobianInto(_t, y, out) {
  out.fill(0, 0, N * N);
  for (const [i, j, s] of STOICHIOMETRY) {
    const r = REACTANTS[j];
    if (r.length === 1) {
      out[i * N + r[0]] += s * K[j];
    } else {
      out[i * N + r[0]] += s * K[j] * y[r[1]];
      out[i * N + r[1]] += s * K[j] * y[r[0]];
    }
  }
}

const y0 = new Array(N).fill(0);
y0[1] = 0.2;
y0[3] = 0.04;
y0[6] = 0.1;
y0[7] = 0.3;
y0[8] = 0.01;
y0[16] = 0.007;

export const pollu = {
  name: 'pollu',
  n: N,
  y0,
  t0: 0,
  t1: 60,
  fInto,
  jacobianInto,
  atol: (rtol) => rtol,
  atolNote: 'rtol',
  // IVP test set pollu.f `solut`: RADAU5 on a Cray C90, uround 1.01e-19, rtol = atol = h0 = 1.1e-18
  ref: [
    0.5646255480022769e-1, 0.1342484130422339, 0.4139734331099427e-8, 0.5523140207484359e-2, 0.2018977262302196e-6,
    0.1464541863493966e-6, 0.7784249118997964e-1, 0.3245075353396018, 0.7494013383880406e-2, 0.1622293157301561e-7,
    0.1135863833257075e-7, 0.2230505975721359e-2, 0.2087162882798630e-3, 0.1396921016840158e-4, 0.8964884856898295e-2,
    0.4352846369330103e-17, 0.6899219696263405e-2, 0.1007803037365946e-3, 0.1772146513969984e-5, 0.5682943292316392e-4,
  ],
  refSource: 'IVP test set pollu.f (solut)',
};
