import type { DenseWeights } from './interpolant.js';

// Chebyshev points of the second kind on [0, 1]: the derivative of the interpolant through them is exact
// (up to rounding) for weights that are polynomials of degree ≤ 8 in θ.
const NODES = Array.from({ length: 9 }, (_, j) => 0.5 - 0.5 * Math.cos((Math.PI * j) / 8));

// The weights at the nodes, per weights function (a fixed function of θ): formed once.
const NODE_VALUES = new WeakMap<(theta: number) => DenseWeights, DenseWeights[]>();

/**
 * d/dθ of dense-output weights that are polynomials of degree ≤ 8 in θ, from their values at nine nodes
 * in [0, 1] (exact up to rounding): the derivative of an interpolant given only by its weights.
 */
export function polynomialWeightDerivative(weights: (theta: number) => DenseWeights, theta: number): DenseWeights {
  const n = NODES.length;
  let values = NODE_VALUES.get(weights);
  if (values === undefined) {
    values = NODES.map((x) => weights(x));
    NODE_VALUES.set(weights, values);
  }
  // L_j'(θ) = Σ_{m≠j} 1/(x_j − x_m) · Π_{l≠j,m} (θ − x_l)/(x_j − x_l)
  const dl = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let m = 0; m < n; m++) {
      if (m === j) continue;
      let p = 1 / (NODES[j] - NODES[m]);
      for (let l = 0; l < n; l++) {
        if (l !== j && l !== m) p *= (theta - NODES[l]) / (NODES[j] - NODES[l]);
      }
      s += p;
    }
    dl[j] = s;
  }
  const stages = values[0].k.length;
  let y0 = 0;
  let y1 = 0;
  const k = new Array<number>(stages).fill(0);
  for (let j = 0; j < n; j++) {
    y0 += dl[j] * values[j].y0;
    y1 += dl[j] * values[j].y1;
    for (let i = 0; i < stages; i++) k[i] += dl[j] * values[j].k[i];
  }
  return { y0, y1, k };
}
