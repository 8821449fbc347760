// The task of torchdiffeq's ode_demo (examples/ode_demo.py), reproduced step for step:
// true dynamics dy/dt = (y³)·A with A = [[−0.1, 2], [−2, −0.1]], y0 = [2, 0], 1000 points on [0, 25]
// (reference by dopri5 at rtol 1e-7, atol 1e-9); model f(t, y) = Linear(50→2)(tanh(Linear(2→50)(y³))) with
// N(0, 0.1²) weights and zero biases; RMSprop (PyTorch's: α 0.99, ε 1e-8) at lr 1e-3; each iteration 20
// random windows of 10 consecutive points, solved as one batch [20, 2] from t = 0; loss mean |pred − true|;
// every 20 iterations the mean absolute error of the full trajectory from y0.
import { createOdeflow, odeint, realiseBlock, RmsProp, SeededRandom, train } from 'odeflow';
import { errorSummary } from './error-summary.mjs';

/** The spiral's matrix A (dy/dt = y³·A with y a row vector). */
export const SPIRAL_A = [
  [-0.1, 2.0],
  [-2.0, -0.1],
];

/** The model of ode_demo as an odeflow block spec (plain data). */
export function spiralBlockSpec(seed) {
  return {
    kind: 'mlp',
    inputSize: 2,
    widths: [50, 2],
    activation: 'tanh',
    inputTransform: 'cube',
    init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed },
  };
}

/** The true trajectory: `points` samples on [0, tEnd] of dy/dt = y³·A from [2, 0], by dopri5 in float64. */
export function spiralData({ points = 1000, tEnd = 25 } = {}) {
  const [[a00, a01], [a10, a11]] = SPIRAL_A;
  const ts = Array.from({ length: points }, (_, i) => (tEnd * i) / (points - 1));
  const f = (_t, y) => {
    const c0 = y[0] * y[0] * y[0];
    const c1 = y[1] * y[1] * y[1];
    return [c0 * a00 + c1 * a10, c0 * a01 + c1 * a11];
  };
  const sol = odeint(f, [2, 0], ts, { method: 'dopri5', rtol: 1e-7, atol: 1e-9 });
  return { ts, ys: sol.ys.map((y) => Array.from(y)) };
}

/** `count` distinct window starts in [0, limit) (ode_demo's np.random.choice(..., replace=False)), by a partial
 *  Fisher–Yates shuffle of `pool` (reset first, so the draw depends on the generator only). */
function windowStarts(random, pool, limit, count, into) {
  for (let i = 0; i < limit; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + random.int(limit - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
    into[i] = pool[i];
  }
  return into;
}

/**
 * Train the spiral model.
 * @param {object} options
 * @param {string} [options.backend] - `js` (float64, default), `tfjs` or `wasm`
 * @param {string} [options.sensitivity] - `direct` (default) or `adjoint` / `checkpointed`
 * @param {number} [options.iterations] - default 2000
 * @param {number} [options.seed] - seeds the initial weights and the batches (default 0)
 * @param {string} [options.realisation] - how the block is realised (`auto`, default: the backend's fastest;
 *   `backend-ops` to run it op by op, e.g. to compare with the fused kernels of `wasm`)
 * @param {number} [options.evalEvery] - default 20
 * @param {object} [options.progress] - a ProgressReporter
 * @param {(e: {iteration: number, error: number}) => void} [options.onEvaluation]
 * @returns the data, learned trajectory, history, evaluations, `finalError` (the error at the last evaluation, as
 *   ode_demo prints it), `errorSummary` (see {@link errorSummary}: mean of the last 5 evaluations, median over the
 *   last quarter of the iterations), timings, nfe per iteration and the trained parameters
 */
export async function trainSpiral(options = {}) {
  const {
    backend: backendName = 'js',
    sensitivity = 'direct',
    iterations = 2000,
    seed = 0,
    evalEvery = 20,
    batchSize = 20,
    batchTime = 10,
    learningRate = 1e-3,
    progress,
    onEvaluation,
    data = spiralData(),
    realisation = 'auto',
  } = options;
  const flow = await createOdeflow({ backend: backendName, solver: 'dopri5', sensitivity, options: { rtol: 1e-7, atol: 1e-9 } });
  const backend = flow.backend;
  const block = realiseBlock(spiralBlockSpec(seed), backend, { realisation });
  const params = block.params;
  const optimizer = new RmsProp(backend, { learningRate, style: 'torch' });
  const n = data.ts.length;
  const batchTs = data.ts.slice(0, batchTime);
  const flat = new Float64Array(2 * n);
  data.ys.forEach((y, i) => flat.set(y, 2 * i));
  const trueY0 = backend.fromArray(data.ys[0], [1, 2]);
  const nfe = { forward: 0, backward: 0 };
  const count = batchSize * batchTime * 2;
  const pool = new Int32Array(n - batchTime);
  const startsBuffer = new Int32Array(batchSize);

  const fullError = () => {
    const sol = flow.solve({ dynamics: block.dynamics, y0: trueY0, ts: data.ts, params });
    let s = 0;
    sol.ys.forEach((y, i) => {
      const v = backend.toFloat64Array(y);
      s += Math.abs(v[0] - flat[2 * i]) + Math.abs(v[1] - flat[2 * i + 1]);
    });
    backend.dispose(sol.ys.filter((y) => y !== trueY0));
    return s / (2 * n);
  };

  const result = train({
    backend,
    params,
    optimizer,
    steps: iterations,
    seed,
    progress,
    label: `spiral ${backendName}/${sensitivity}`,
    evaluateEvery: evalEvery,
    evaluate: ({ iteration }) => {
      const error = fullError();
      onEvaluation?.({ iteration, error });
      return { error };
    },
    step: ({ random }) => {
      const starts = windowStarts(random, pool, n - batchTime, batchSize, startsBuffer);
      const y0 = new Float64Array(2 * batchSize);
      starts.forEach((s, b) => y0.set(flat.subarray(2 * s, 2 * s + 2), 2 * b));
      const y0t = backend.fromArray(y0, [batchSize, 2]);
      const run = flow.run({ dynamics: block.dynamics, y0: y0t, ts: batchTs, params });
      let loss = 0;
      const cotangents = run.solution.ys.map((y, i) => {
        const pred = backend.toFloat64Array(y);
        const c = new Float64Array(2 * batchSize);
        for (let b = 0; b < batchSize; b++) {
          for (let k = 0; k < 2; k++) {
            const d = pred[2 * b + k] - flat[2 * (starts[b] + i) + k];
            loss += Math.abs(d);
            c[2 * b + k] = Math.sign(d) / count;
          }
        }
        return backend.fromArray(c, [batchSize, 2]);
      });
      const grads = run.backward(cotangents);
      nfe.forward += run.stats.nfeForward;
      nfe.backward += run.stats.nfeBackward;
      backend.dispose([y0t, ...cotangents, grads.y0, ...run.solution.ys.filter((y) => y !== y0t)]);
      return { loss: loss / count, grads: grads.params, metrics: { nfeForward: run.stats.nfeForward, nfeBackward: run.stats.nfeBackward } };
    },
  });
  // the learned trajectory for the plots
  const sol = flow.solve({ dynamics: block.dynamics, y0: trueY0, ts: data.ts, params });
  const learned = sol.ys.map((y) => Array.from(backend.toFloat64Array(y)));
  backend.dispose(sol.ys.filter((y) => y !== trueY0));
  const finalParams = params.map((p) => Array.from(backend.toFloat64Array(p)));
  optimizer.dispose();
  backend.dispose([trueY0, ...params]);
  return {
    data,
    learned,
    history: result.history,
    evaluations: result.evaluations,
    finalError: result.evaluations.length > 0 ? result.evaluations[result.evaluations.length - 1].metrics.error : fullError(),
    // the final error alone is a noisy statistic of this task (see error-summary.mjs)
    errorSummary: errorSummary(result.evaluations.map((e) => ({ iteration: e.iteration, error: e.metrics.error }))),
    medianMsPerIteration: result.medianMsPerIteration,
    totalMs: result.totalMs,
    nfeForwardPerIteration: nfe.forward / Math.max(1, result.iterations),
    nfeBackwardPerIteration: nfe.backward / Math.max(1, result.iterations),
    paramNames: block.paramNames,
    params: finalParams,
    backend: backend.name,
    sensitivity,
  };
}
