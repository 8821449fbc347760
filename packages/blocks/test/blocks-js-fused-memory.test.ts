import { describe, expect, it } from 'vitest';
import { JsBackend } from '@odeflow/core';
import { loadMlpKernelsSync, realiseBlock, type MlpBlockSpec } from '@odeflow/blocks';

// The js backend's fused blocks draw their buffers from one WebAssembly memory that only grows. A process that
// realises block after block (a sweep, a test suite, a server) must not grow it without bound: the program of a
// garbage-collected block is reused by the next block of the same architecture.
const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [50, 2],
  activation: 'tanh',
  inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.1 }, seed: 5 },
};

const gc = (globalThis as { gc?: () => void }).gc;

async function collect(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
}

function useBlocks(backend: JsBackend, count: number): number[] {
  const results: number[] = [];
  for (let i = 0; i < count; i++) {
    const block = realiseBlock(spec, backend);
    expect(block.realisation).toBe('fused-kernel');
    const y = backend.fromArray(Array.from({ length: 40 }, (_, k) => Math.sin(k + i)), [20, 2]);
    // f at more points than the remembered-forward ring holds (64), so every program's ring is full at once
    for (let s = 0; s < 70; s++) backend.dispose(block.dynamics.f(0.1 * s, y, block.params));
    const v = block.dynamics.vjp!(0.3, y, y, block.params);
    results.push(v.y.data[0]);
    backend.dispose([y, v.f, v.y, ...v.params, ...block.params]);
  }
  return results;
}

describe('memory of the js backend fused blocks', () => {
  it.skipIf(gc === undefined)('reuses the programs of collected blocks instead of growing the kernel memory', async () => {
    const kernels = loadMlpKernelsSync();
    expect(kernels).toBeDefined();
    const backend = new JsBackend();
    const first = useBlocks(backend, 12);
    await collect();
    const after = kernels!.allocatedBytes;
    // 60 more blocks, collected in rounds: without reuse each would add its parameters, workspace and a full
    // ring (≈ 0.6 MB); with it, the programs of the first round serve them all
    const again: number[] = [];
    for (let round = 0; round < 5; round++) {
      again.push(...useBlocks(backend, 12));
      await collect();
    }
    const grown = kernels!.allocatedBytes - after;
    expect(grown).toBeLessThan(0.2 * after);
    // a reused program gives the same answers as a fresh one (same spec and seed: same weights, same y per i)
    for (let i = 0; i < 12; i++) expect(again[i]).toBe(first[i]);
  });
});
