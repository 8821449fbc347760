// Backward evaluations of the adjoint with torchdiffeq's default (mixed) norm and with the seminorm, on the
// spiral task of torchdiffeq's ode_demo (true dynamics dy/dt = (y³)·A, y0 = [2, 0], 1000 points on [0, 25];
// model MLP(y³) 2→50→tanh→2, weights N(0, 0.1), zero biases; batches of 20 windows of 10 points; dopri5 at
// rtol 1e-7, atol 1e-9; RMSprop lr 1e-3). js backend, float64.
//
//   npx --yes pnpm@12.21.0 run build && node bench/adjoint/seminorm.mjs [--iters 2000] [--seeds 0,1,2]
//
// Three measurements per seed: the gradient of 20 fixed batches at initialisation; a whole training run with
// each norm (same batches); the 20 fixed batches again on the model trained with the mixed norm.
import { JsBackend } from '@odeflow/core';
import { realiseBlock } from '@odeflow/blocks';
import { AdjointSensitivity } from '@odeflow/adjoint';
import { dopri5, integrate } from '@odeflow/solvers';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const iters = Number(arg('iters', '2000'));
const seeds = arg('seeds', '0,1,2').split(',').map(Number);

const be = new JsBackend();
const A = [[-0.1, 2.0], [-2.0, -0.1]];
const truth = {
  name: 'spiral',
  f: (_t, y) => {
    const [u, v] = y.data;
    const [c0, c1] = [u ** 3, v ** 3];
    return be.fromArray([c0 * A[0][0] + c1 * A[1][0], c0 * A[0][1] + c1 * A[1][1]], y.shape);
  },
};
const N = 1000;
const tAll = Array.from({ length: N }, (_, i) => (25 * i) / (N - 1));
const yStart = be.fromArray([2, 0]);
const ref = integrate({ backend: be, dynamics: truth, y0: yStart, ts: tAll, solver: dopri5, options: { rtol: 1e-10, atol: 1e-12 } });
const yTrue = ref.ys.map((y) => y.toArray());
be.dispose(ref.ys);

const spec = (seed) => ({
  kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed },
});
const options = { rtol: 1e-7, atol: 1e-9 };
const batchTs = tAll.slice(0, 10);
const adjoint = new AdjointSensitivity();

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
}
const batches = (count, seed) => {
  const r = lcg(seed);
  return Array.from({ length: count }, () => Array.from({ length: 20 }, () => Math.floor(r() * (N - 10))));
};

// One adjoint gradient of the mean absolute error on a batch of windows.
function gradient(dynamics, params, starts, norm) {
  const y0 = be.fromArray(starts.flatMap((i) => yTrue[i]), [20, 2]);
  const run = adjoint.run({ dynamics, y0, ts: batchTs, params }, { backend: be, solver: dopri5, options, sensitivityOptions: { norm }, resolveSolver: () => dopri5 });
  const cot = run.solution.ys.map((y, j) =>
    be.fromArray(Array.from(y.data, (v, q) => Math.sign(v - yTrue[starts[q >> 1] + j][q & 1]) / 400), [20, 2]),
  );
  const g = run.backward(cot);
  be.dispose([y0, ...cot, g.y0, ...run.solution.ys]);
  return { grads: g.params, stats: run.stats };
}

// Backward nfe over the batches, and accepted backward steps per output interval (9 per batch).
function batchNfe(dynamics, params, list, norm) {
  let nfe = 0;
  let steps = 0;
  for (const starts of list) {
    const { grads, stats } = gradient(dynamics, params, starts, norm);
    be.dispose(grads);
    nfe += stats.nfeBackward;
    steps += stats.stepsBackward;
  }
  return { nfe, perInterval: steps / (list.length * (batchTs.length - 1)) };
}

// Which channel of [z, a, a_θ (four tensors), a_t] has the largest scaled RMS error, over every backward norm
// evaluation of the 20 batches: the seminorm can only save steps that the a_θ channels would have rejected
// or shortened.
function limitingChannels(dynamics, params, list) {
  const sizes = [40, 40, ...params.map((p) => p.size), 1];
  const counts = new Array(sizes.length).fill(0);
  const norm = (err, y0, y1, rtol, atol) => {
    let off = 0;
    let best = -1;
    let arg = 0;
    sizes.forEach((m, c) => {
      let sum = 0;
      for (let i = off; i < off + m; i++) {
        const r = err.data[i] / (atol + rtol * Math.max(Math.abs(y0.data[i]), Math.abs(y1.data[i])));
        sum += r * r;
      }
      const v = Math.sqrt(sum / m);
      if (v > best) [best, arg] = [v, c];
      off += m;
    });
    counts[arg]++;
    return best;
  };
  for (const starts of list) {
    const y0 = be.fromArray(starts.flatMap((i) => yTrue[i]), [20, 2]);
    const run = adjoint.run({ dynamics, y0, ts: batchTs, params }, { backend: be, solver: dopri5, options, sensitivityOptions: { adjointOptions: { norm } }, resolveSolver: () => dopri5 });
    const cot = run.solution.ys.map(() => be.fill([20, 2], 1 / 400));
    const g = run.backward(cot);
    be.dispose([y0, ...cot, g.y0, ...g.params, ...run.solution.ys]);
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return { z: counts[0] / total, a: counts[1] / total, theta: counts.slice(2, -1).reduce((a, b) => a + b, 0) / total };
}

// Backward nfe of the full-trajectory gradient from y0 = [2, 0] over [0, 25], with `outputs` output times.
function fullTrajectoryNfe(dynamics, params, outputs, norm) {
  const idx = Array.from({ length: outputs }, (_, k) => Math.round((k * (N - 1)) / (outputs - 1)));
  const run = adjoint.run({ dynamics, y0: yStart, ts: idx.map((i) => tAll[i]), params }, { backend: be, solver: dopri5, options, sensitivityOptions: { norm }, resolveSolver: () => dopri5 });
  const cot = run.solution.ys.map((y, j) => be.fromArray(Array.from(y.data, (v, k) => Math.sign(v - yTrue[idx[j]][k]) / (2 * outputs)), [2]));
  const g = run.backward(cot);
  be.dispose([...cot, g.y0, ...g.params, ...run.solution.ys]);
  return run.stats.nfeBackward;
}
const fullPair = (dynamics, params, outputs) => ({
  mixed: fullTrajectoryNfe(dynamics, params, outputs, 'mixed'),
  semi: fullTrajectoryNfe(dynamics, params, outputs, 'seminorm'),
});

function train(seed, norm) {
  const block = realiseBlock(spec(seed), be);
  let params = block.params;
  const sq = params.map((p) => new Float64Array(p.size));
  let nfeBackward = 0;
  let nfeForward = 0;
  const start = performance.now();
  for (const starts of batches(iters, 1000 + seed)) {
    const { grads, stats } = gradient(block.dynamics, params, starts, norm);
    nfeBackward += stats.nfeBackward;
    nfeForward += stats.nfeForward;
    const next = params.map((p, m) => {
      const d = p.data.slice();
      const g = grads[m].data;
      for (let i = 0; i < d.length; i++) {
        sq[m][i] = 0.99 * sq[m][i] + 0.01 * g[i] * g[i];
        d[i] -= (1e-3 * g[i]) / (Math.sqrt(sq[m][i]) + 1e-8);
      }
      return be.fromArray(d, p.shape);
    });
    be.dispose([...params, ...grads]);
    params = next;
  }
  const ms = performance.now() - start;
  const sol = integrate({ backend: be, dynamics: block.dynamics, y0: yStart, ts: tAll, params, solver: dopri5, options });
  let err = 0;
  sol.ys.forEach((y, i) => y.data.forEach((v, k) => (err += Math.abs(v - yTrue[i][k]))));
  be.dispose(sol.ys);
  return { dynamics: block.dynamics, params, nfeBackward, nfeForward, ms, mae: err / (2 * N) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (semi, mixed) => 100 * (1 - semi / mixed);

const pair = (m, s) => ({ mixed: m.nfe, semi: s.nfe, steps: `${m.perInterval.toFixed(2)} / ${s.perInterval.toFixed(2)}` });
const rows = [];
for (const seed of seeds) {
  const fixed = batches(20, 7 + seed);
  const init = realiseBlock(spec(seed), be);
  const atInit = pair(batchNfe(init.dynamics, init.params, fixed, 'mixed'), batchNfe(init.dynamics, init.params, fixed, 'seminorm'));
  const limitsInit = limitingChannels(init.dynamics, init.params, fixed);
  const fullInit = [2, 11].map((k) => fullPair(init.dynamics, init.params, k));
  be.dispose(init.params);
  const tm = train(seed, 'mixed');
  const ts = train(seed, 'seminorm');
  const trained = pair(batchNfe(tm.dynamics, tm.params, fixed, 'mixed'), batchNfe(tm.dynamics, tm.params, fixed, 'seminorm'));
  const limitsTrained = limitingChannels(tm.dynamics, tm.params, fixed);
  const fullTrained = [2, 11].map((k) => fullPair(tm.dynamics, tm.params, k));
  be.dispose([...tm.params, ...ts.params]);
  rows.push({ seed, atInit, training: { mixed: tm.nfeBackward, semi: ts.nfeBackward }, trained, mae: { mixed: tm.mae, semi: ts.mae }, ms: { mixed: tm.ms, semi: ts.ms }, limitsInit, limitsTrained, fullInit, fullTrained });
  console.error(`seed ${seed} done`);
}

console.log(`\nSpiral task, adjoint backward nfe: mixed norm vs seminorm (js, float64, ${iters} training iterations)\n`);
console.log('| seed | phase | backward nfe, mixed | backward nfe, seminorm | fewer with seminorm | accepted backward steps per interval, mixed / seminorm |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const r of rows) {
  for (const [phase, v] of [
    ['20 batches at initialisation', r.atInit],
    [`training, ${iters} iterations`, r.training],
    ['20 batches after training', r.trained],
    ['full trajectory [0, 25], outputs at 0 and 25, initialisation', r.fullInit[0]],
    ['full trajectory [0, 25], 11 outputs, initialisation', r.fullInit[1]],
    ['full trajectory [0, 25], outputs at 0 and 25, trained', r.fullTrained[0]],
    ['full trajectory [0, 25], 11 outputs, trained', r.fullTrained[1]],
  ]) {
    console.log(`| ${r.seed} | ${phase} | ${v.mixed} | ${v.semi} | ${pct(v.semi, v.mixed).toFixed(1)}% | ${v.steps ?? '—'} |`);
  }
}
console.log('\nMedians over seeds:\n');
console.log('| phase | fewer backward evaluations with seminorm |');
console.log('|---|---:|');
const phases = [
  ['20 batches at initialisation', (r) => r.atInit],
  [`training, ${iters} iterations`, (r) => r.training],
  ['20 batches after training', (r) => r.trained],
  ['full trajectory [0, 25], outputs at 0 and 25, initialisation', (r) => r.fullInit[0]],
  ['full trajectory [0, 25], 11 outputs, initialisation', (r) => r.fullInit[1]],
  ['full trajectory [0, 25], outputs at 0 and 25, trained', (r) => r.fullTrained[0]],
  ['full trajectory [0, 25], 11 outputs, trained', (r) => r.fullTrained[1]],
];
for (const [phase, get] of phases) {
  console.log(`| ${phase} | ${median(rows.map((r) => pct(get(r).semi, get(r).mixed))).toFixed(1)}% |`);
}
console.log('\nChannel with the largest scaled error in the backward norm evaluations of the 20 batches (mixed norm):\n');
console.log('| seed | model | z | a | a_θ |');
console.log('|---:|---|---:|---:|---:|');
const share = (x) => `${(100 * x).toFixed(0)}%`;
for (const r of rows) {
  for (const [label, l] of [['initialisation', r.limitsInit], ['trained', r.limitsTrained]]) {
    console.log(`| ${r.seed} | ${label} | ${share(l.z)} | ${share(l.a)} | ${share(l.theta)} |`);
  }
}
console.log('\n| seed | final full-trajectory MAE, mixed | MAE, seminorm | training ms, mixed | ms, seminorm |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.seed} | ${r.mae.mixed.toFixed(4)} | ${r.mae.semi.toFixed(4)} | ${r.ms.mixed.toFixed(0)} | ${r.ms.semi.toFixed(0)} |`);
}
