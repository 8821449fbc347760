// Counts the tfjs kernel dispatches (engine.runKernel calls, including those tfjs issues inside a kernel,
// e.g. the reshapes of BatchMatMul on wasm), tensor creations from JS data (fromArray, untaped lincomb)
// and readbacks (dataSync) of one f, one VJP and one spiral training step (forward solve + backward) of the
// spiral block on the tfjs or wasm backend — the quantities that decide the cost on those backends.
// Run after a build: node bench/spiral/op-count.mjs [backend=wasm] [sensitivity=direct]
import * as tf from '@tensorflow/tfjs-core';
import { createOdeflow, realiseBlock } from 'odeflow';
import { spiralBlockSpec, spiralData } from '../../examples/spiral/spiral-task.mjs';

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
be.dispose([...cot, grads.y0, ...grads.params, ...run.solution.ys, y0, a, ...block.params]);
