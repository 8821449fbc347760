// Fit Robertson's three rate constants to noisy samples: log-spaced sample times, seeded multiplicative noise,
// a mean squared relative residual as the loss, the log rate constants as the parameters, Adam from the train
// package, and gradients from the adjoint sensitivity through the stiff solver (rodas5p), whose backward pass
// takes z(t) from the stored forward solution instead of integrating it backward (that is unstable here).
import { Adam, createOdeflow, equationDynamics, SeededRandom, train } from 'odeflow';
import { logTimes, ROBERTSON_RATES, robertsonSpec } from './robertson.mjs';

/** Where the fit starts: k₁ 2.5× too large, k₂ 3× too small, k₃ 3× too large. */
export const INITIAL_GUESS = Object.freeze([0.1, 1e7, 3e4]);

/**
 * Noisy observations of Robertson's problem at the true rates: `samples` times log-spaced over [10^fromExp,
 * 10^toExp] (after t = 0), each concentration multiplied by (1 + noise·ε) with ε ~ N(0, 1) drawn from a seeded
 * generator. The clean values come from a tight rodas5p solve (rtol 1e-10).
 * @param {{ seed?: number, noise?: number, samples?: number, fromExp?: number, toExp?: number }} options
 */
export async function robertsonData(options = {}) {
  const { seed = 0, noise = 0.01, samples = 31, fromExp = -4, toExp = 5 } = options;
  const flow = await createOdeflow({ solver: 'rodas5p', options: { rtol: 1e-10, atol: 1e-16 } });
  const backend = flow.backend;
  const { dynamics, params } = equationDynamics(backend, robertsonSpec(ROBERTSON_RATES));
  const ts = [0, ...logTimes(fromExp, toExp, samples)];
  const y0 = backend.fromArray([1, 0, 0]);
  const sol = flow.solve({ dynamics, y0, ts, params });
  const clean = sol.ys.map((y) => Array.from(backend.toFloat64Array(y)));
  backend.dispose([y0, ...params, ...sol.ys]);
  const random = new SeededRandom(seed);
  const observed = clean.map((row, i) => (i === 0 ? [...row] : row.map((v) => v * (1 + noise * random.normal()))));
  return { ts, clean, observed, noise, seed };
}

/**
 * The loss on a solve's outputs: the mean over sample times (t = 0 left out) and species of the squared
 * relative residual ((y − ŷ)/ŷ)², with its cotangents ∂L/∂y(tᵢ) = 2(y − ŷ)/(ŷ²·N). Relative residuals weigh the
 * tiny concentration of B (≤ 3.7e-5) and the early traces of C as much as A, which is what makes k₂ and k₃
 * identifiable.
 */
export function relativeLoss(backend, observed) {
  const count = (observed.length - 1) * observed[0].length;
  return (ys) => {
    let value = 0;
    const cotangents = ys.map((y, i) => {
      const v = backend.toFloat64Array(y);
      const g = new Float64Array(v.length);
      if (i > 0) {
        for (let c = 0; c < v.length; c++) {
          const r = (v[c] - observed[i][c]) / observed[i][c];
          value += (r * r) / count;
          g[c] = (2 * r) / (observed[i][c] * count);
        }
      }
      return backend.fromArray(g);
    });
    return { value, cotangents };
  };
}

const readRates = (backend, params) => params.map((p) => Math.exp(backend.toFloat64Array(p)[0]));

/**
 * Fit the three rate constants from {@link INITIAL_GUESS} to {@link robertsonData}.
 * @param {object} [options]
 * @param {number} [options.iterations] - Adam steps (default 150)
 * @param {number} [options.learningRate] - initial Adam step in log space (default 0.05)
 * @param {number} [options.decay] - the step is multiplied by this after every iteration (default 0.995)
 * @param {number} [options.seed] - seed of the noise (default 0)
 * @param {number} [options.noise] - relative noise level (default 0.01)
 * @param {number} [options.samples] - sample times (default 31, log-spaced over [1e-4, 1e5])
 * @param {number} [options.rtol] - tolerance of the forward solve (default 1e-6; atol 1e-12)
 * @param {number} [options.adjointRtol] - tolerance of the backward solve (default 1e-4)
 * @param {(row: { iteration: number, loss: number, rates: number[] }) => void} [options.onRow] - every iteration
 */
export async function fitRobertson(options = {}) {
  const { iterations = 150, learningRate = 0.05, decay = 0.995, rtol = 1e-6, adjointRtol = 1e-4, onRow = () => {} } = options;
  const data = await robertsonData(options);
  // adjointState 'interpolate' is the default after an implicit forward solver; it is spelt out here because
  // 'backsolve' (integrating z backward) blows up on this problem. A descent step needs fewer digits than the
  // data: the backward solve at adjointRtol 1e-4 takes half the steps of one at the forward 1e-6, and the fit
  // ends on the same rates to four digits.
  const flow = await createOdeflow({
    solver: 'rodas5p',
    sensitivity: 'adjoint',
    options: { rtol, atol: 1e-12 },
    sensitivityOptions: { adjointState: 'interpolate', adjointRtol },
  });
  const backend = flow.backend;
  const { dynamics, params, paramNames } = equationDynamics(backend, robertsonSpec(options.guess ?? INITIAL_GUESS));
  const y0 = backend.fromArray([1, 0, 0]);
  const loss = relativeLoss(backend, data.observed);
  const optimizer = new Adam(backend, { learningRate });
  const history = [];
  const work = { nfeForward: 0, nfeBackward: 0, stepsForward: 0, stepsBackward: 0 };
  const result = train({
    backend,
    params,
    optimizer,
    steps: iterations,
    step: ({ iteration }) => {
      const rates = readRates(backend, params);
      const { value, gradients, solution, stats } = flow.valueAndGradients({ dynamics, y0, ts: data.ts, params }, loss);
      backend.dispose([...solution.ys, gradients.y0]);
      for (const key of Object.keys(work)) work[key] += stats[key];
      const row = { iteration, loss: value, rates };
      history.push(row);
      onRow(row);
      return { loss: value, grads: gradients.params };
    },
    // A decaying step lets Adam settle in the minimum instead of circling it.
    onIteration: ({ iteration }) => {
      optimizer.learningRate = learningRate * decay ** (iteration + 1);
    },
  });
  const rates = readRates(backend, params);
  backend.dispose([y0, ...params]);
  const perIteration = Object.fromEntries(Object.entries(work).map(([k, v]) => [k, v / Math.max(1, result.iterations)]));
  return {
    rates,
    relativeErrors: rates.map((k, i) => k / ROBERTSON_RATES[i] - 1),
    paramNames,
    history,
    iterations: result.iterations,
    totalMs: result.totalMs,
    msPerIteration: result.medianMsPerIteration,
    perIteration,
    data,
  };
}
