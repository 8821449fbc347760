// Counts the tfjs kernel dispatches (engine.runKernel calls, including those tfjs issues inside a kernel,
// e.g. the reshapes of BatchMatMul on wasm), tensor creations from JS data (fromArray, untaped lincomb)
// and readbacks (dataSync) of one f, one VJP and one spiral training step (forward solve + backward) of the
// spiral block on the tfjs or wasm backend — the quantities that decide the cost on those backends.
// Run after a build: node bench/spiral/op-count.mjs [backend=wasm] [sensitivity=direct]
import * as tf from '@tensorflow/tfjs-core';
import { createOdeflow, realiseBlock } from 'odeflow';
import { spiralBlockSpec, spiralData, trainSpiral } from '../../examples/spiral/spiral-task.mjs';

const backendName = process.argv[2] ?? 'wasm';
const sensitivity = process.argv[3] ?? 'direct';
const flow = await createOdeflow({ backend: backendName, solver: 'dopri5', sensitivity, options: { rtol: 1e-7, atol: 1e-9 } });
const be = flow.backend;
const block = realiseBlock(spiralBlockSpec(0), be);
const engine = tf.engine();
const counts = { kernels: 0, created: 0, reads: 0 };
const byKernel = new Map();
const runKernel = engine.runKernel.bind(engine);
engine.runKernel = (name, inputs, attrs) => {
  counts.kernels++;
  byKernel.set(name, (byKernel.get(name) ?? 0) + 1);
  return runKernel(name, inputs, attrs);
};
const makeTensor = engine.makeTensor.bind(engine);
engine.makeTensor = (...args) => {
  counts.created++;
  return makeTensor(...args);
};
const readSync = engine.readSync.bind(engine);
engine.readSync = (...args) => {
  counts.reads++;
  return readSync(...args);
};
const measure = (label, fn) => {
  counts.kernels = counts.created = counts.reads = 0;
  byKernel.clear();
  fn();
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`| ${label} | ${counts.kernels} | ${counts.created} | ${counts.reads} | ${top} |`);
  return { ...counts };
};

const data = spiralData();
const y0 = be.fromArray(data.ys.slice(0, 20).flat(), [20, 2]);
const a = be.fromArray(Array.from({ length: 40 }, (_, i) => Math.cos(i)), [20, 2]);
console.log(`${backendName}, spiral block 2→50→tanh→2 with y³, batch 20; ${sensitivity}`);
console.log('| what | kernel dispatches | tensors created from JS | readbacks | kernels |');
console.log('|---|---|---|---|---|');
measure('one f', () => be.dispose(block.dynamics.f(0, y0, block.params)));
measure('one VJP', () => {
  const v = block.dynamics.vjp(0, y0, a, block.params);
  be.dispose([v.f, v.y, ...v.params]);
});
const ts = data.ts.slice(0, 10);
let run;
measure('forward solve (10 outputs)', () => {
  run = flow.run({ dynamics: block.dynamics, y0, ts, params: block.params });
});
const cot = run.solution.ys.map(() => be.fromArray(Array.from({ length: 40 }, (_, i) => Math.sign(Math.sin(i + 1)) / 400), [20, 2]));
let grads;
measure('backward pass', () => {
  grads = run.backward(cot);
});
console.log(`nfe forward ${run.stats.nfeForward}, backward ${run.stats.nfeBackward}, steps ${run.stats.stepsForward}`);
be.dispose([...cot, grads.y0, ...grads.params, ...run.solution.ys.filter((x) => x !== y0), y0, a]);

// CPU time of the same forward solve and backward pass, repeated (median of 5 rounds of 40)
{
  const y1 = be.fromArray(data.ys.slice(0, 20).flat(), [20, 2]);
  const ct = ts.map(() => be.fromArray(Array.from({ length: 40 }, (_, i) => Math.sign(Math.sin(i + 1)) / 400), [20, 2]));
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const fw = [];
  const bw = [];
  for (let round = 0; round < 6; round++) {
    let f = 0;
    let b = 0;
    for (let i = 0; i < 40; i++) {
      const c0 = cpuMs();
      const r = flow.run({ dynamics: block.dynamics, y0: y1, ts, params: block.params });
      const c1 = cpuMs();
      const g = r.backward(ct);
      const c2 = cpuMs();
      f += c1 - c0;
      b += c2 - c1;
      be.dispose([g.y0, ...g.params, ...r.solution.ys.filter((x) => x !== y1)]);
    }
    if (round > 0) {
      fw.push(f / 40);
      bw.push(b / 40);
    }
  }
  const med = (v) => [...v].sort((x, z) => x - z)[v.length >> 1];
  console.log(`CPU ms per forward solve ${med(fw).toFixed(3)}, per backward pass ${med(bw).toFixed(3)} (median of 5 rounds of 40)`);
  be.dispose([y1, ...ct]);
}

// Whole training iterations (the task's own code and the optimizer included), counted from the first to the
// last-but-one progress update, so the start-up and the final full-trajectory error are left out
{
  const iterations = 51;
  let first;
  let lastSeen;
  let lastKernels = new Map();
  const progress = {
    start: () => {},
    update: (done) => {
      if (done === 1) {
        first = { ...counts };
        byKernel.clear();
      }
      // the last iteration may include the loop's final evaluation (a full-trajectory solve): not counted
      if (done > iterations - 1) return;
      lastSeen = { ...counts };
      lastKernels = new Map(byKernel);
    },
    finish: () => {},
  };
  const r = await trainSpiral({ backend: backendName, sensitivity, iterations, seed: 0, data, evalEvery: iterations + 1, progress });
  const per = (k) => ((lastSeen[k] - first[k]) / (iterations - 2)).toFixed(0);
  console.log(
    `training (seed 0, iterations 2–${iterations - 1}): per iteration ${per('kernels')} kernel dispatches, ${per('created')} tensors created, ` +
      `${per('reads')} readbacks; nfe ${r.nfeForwardPerIteration.toFixed(1)} / ${r.nfeBackwardPerIteration.toFixed(1)}; ` +
      [...lastKernels].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / (iterations - 2)).toFixed(0)}`).join(', '),
  );
}
be.dispose(block.params);
