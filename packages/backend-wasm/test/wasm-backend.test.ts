import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, registerWasmMatMulGradient, wasmFeatures } from '@odeflow/backend-wasm';
import { backendConformance } from '../../core/test/backend-conformance.js';

backendConformance({ name: 'wasm', dtype: 'float32', create: () => createWasmBackend() });

// float64 reference of op(A)·op(B) for row-major 2-D arrays
function ref(a: number[], ar: number, ac: number, b: number[], br: number, bc: number, tA: boolean, tB: boolean): number[] {
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[p * ac + i] : a[i * ac + p]) * (tB ? b[j * bc + p] : b[p * bc + j]);
      out.push(s);
    }
  }
  return out;
}

function transpose(x: number[], r: number, c: number): number[] {
  const out: number[] = new Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
  return out;
}

describe('wasm backend specifics', () => {
  it('runs the SIMD binary, single-threaded in Node', async () => {
    await createWasmBackend();
    expect(await wasmFeatures()).toEqual({ simd: true, threads: false });
  });

  it('differentiates tf.matMul with every transpose flag like the float64 reference', async () => {
    const b = await createWasmBackend();
    registerWasmMatMulGradient(); // idempotent
    const [m, k, n] = [48, 32, 24];
    const av = Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
    const bv = Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.23));
    const dyv = Array.from({ length: m * n }, (_, i) => Math.sin(i * 0.11 + 1));
    const before = b.memory().tensors;
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const [ar, ac] = tA ? [k, m] : [m, k];
        const [br, bc] = tB ? [n, k] : [k, n];
        const A = b.fromArray(av, [ar, ac]);
        const B = b.fromArray(bv, [br, bc]);
        const dy = b.fromArray(dyv, [m, n]);
        // user code calling tf.matMul with flags directly: the registered gradient handles all four cases
        const { value, grads } = b.autodiff.vjp((x, y) => tf.matMul(x, y, tA, tB), [A, B], dy);
        const dOpA = ref(dyv, m, n, bv, br, bc, false, !tB);
        const dOpB = ref(av, ar, ac, dyv, m, n, !tA, false);
        const cases: [tf.Tensor, number[]][] = [
          [value, ref(av, ar, ac, bv, br, bc, tA, tB)],
          [grads[0], tA ? transpose(dOpA, m, k) : dOpA],
          [grads[1], tB ? transpose(dOpB, k, n) : dOpB],
        ];
        for (const [got, want] of cases) {
          const g = b.toFloat64Array(got);
          expect(g.length).toBe(want.length);
          for (let i = 0; i < want.length; i++) expect(Math.abs(g[i] - want[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i])));
        }
        b.dispose([A, B, dy, value, ...grads]);
      }
    }
    expect(b.memory().tensors).toBe(before);
  });
});
