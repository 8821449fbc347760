// CPU µs per call of the pieces a spiral iteration is made of on a tfjs backend: single kernels at the
// spiral block's shapes (batch 20, hidden 50), the backend's untaped lincomb and readback, and the block's
// f and VJP. Medians of 3 rounds of this process's CPU time (less sensitive than wall time to other load).
// Run after a build: node bench/spiral/op-costs.mjs [backend=wasm]
import * as tf from '@tensorflow/tfjs-core';
import { createOdeflow, realiseBlock } from 'odeflow';
import { spiralBlockSpec } from '../../examples/spiral/spiral-task.mjs';

const backendName = process.argv[2] ?? 'wasm';
const flow = await createOdeflow({ backend: backendName, solver: 'dopri5', sensitivity: 'direct', options: { rtol: 1e-7, atol: 1e-9 } });
const be = flow.backend;
const block = realiseBlock(spiralBlockSpec(0), be);
const p = block.params;
const engine = tf.engine();
const y = be.fromArray(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [20, 2]);
const a = be.fromArray(Array.from({ length: 40 }, (_, i) => Math.cos(i)), [20, 2]);
const hidden = tf.randomNormal([20, 50]);
const xs = Array.from({ length: 7 }, () => be.clone(y));
const kernel = (name, inputs, attrs = {}) => () => tf.dispose(engine.runKernel(name, inputs, attrs));

const cases = [
  ['Add [20, 2] (kernel)', kernel('Add', { a: y, b: a })],
  ['backend.add [20, 2]', () => be.dispose(be.add(y, a))],
  ['tf.add [20, 2] (op wrapper)', () => tf.dispose(tf.add(y, a))],
  ['backend.mul by a number', () => be.dispose(be.mul(y, 3))],
  ['BatchMatMul [20,2]·[2,50]', kernel('BatchMatMul', { a: y, b: p[0] }, { transposeA: false, transposeB: false })],
  ['BatchMatMul [20,50]·[50,2]', kernel('BatchMatMul', { a: hidden, b: p[2] }, { transposeA: false, transposeB: false })],
  ['BatchMatMul [20,50]ᵀ·[20,2]', kernel('BatchMatMul', { a: hidden, b: a }, { transposeA: true, transposeB: false })],
  ['BatchMatMul [20,2]·[50,2]ᵀ', kernel('BatchMatMul', { a, b: p[2] }, { transposeA: false, transposeB: true })],
  ['Tanh [20, 50]', kernel('Tanh', { x: hidden })],
  ['Add [20, 50] + [50]', kernel('Add', { a: hidden, b: p[1] })],
  ['backend.lincomb of 7 (untaped)', () => be.dispose(be.lincomb([1, 2, 3, 4, 5, 6, 7], xs))],
  ['dataSync [20, 2]', () => y.dataSync()],
  ['block f', () => be.dispose(block.dynamics.f(0, y, p))],
  ['block VJP', () => {
    const v = block.dynamics.vjp(0, y, a, p);
    be.dispose([v.f, v.y, ...v.params]);
  }],
];

const cpuMicros = (fn, n) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
};
const median = (v) => [...v].sort((x, z) => x - z)[v.length >> 1];
console.log(`${backendName}: CPU µs per call (median of 3 rounds)`);
console.log('| call | µs |');
console.log('|---|---|');
for (const [name, fn] of cases) {
  cpuMicros(fn, 500);
  const rounds = [0, 1, 2].map(() => cpuMicros(fn, 4000));
  console.log(`| ${name} | ${median(rounds).toFixed(2)} |`);
}
be.dispose([y, a, ...xs, ...p]);
tf.dispose(hidden);
