import { describe, expect, it } from 'vitest';
import { BLOCK_TOKENS, createContainer, getBlockRealisation, listNamed, realiseBlock, type MlpBlockSpec } from 'odeflow';
import { createTfjsBackend } from '@odeflow/backend-tfjs';
import { createWasmBackend } from '@odeflow/backend-wasm';

// Block realisations are registered by (block kind, backend name) in @odeflow/blocks' registry: the facade's
// container lists them, and the tfjs backends register their fused kernels for the names they serve,
// honouring fusedBlocks: false per backend instance.

const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [5, 2], activation: 'tanh', init: { seed: 2 } };

describe('block realisations through the facade', () => {
  it("odeflow's container lists the registered realisations under BLOCK_TOKENS.BlockRealisation", () => {
    expect(listNamed(createContainer(), BLOCK_TOKENS.BlockRealisation)).toEqual(
      expect.arrayContaining(['mlp/*/backend-ops', 'mlp/js/fused-kernel', 'mlp/js/typed-array']),
    );
  });

  it('the tfjs backends register fused kernels for their names; a backend created with fusedBlocks: false runs blocks op by op', async () => {
    const fused = await createTfjsBackend();
    expect(getBlockRealisation('mlp', 'tfjs', 'fused-kernel')?.backend).toBe('tfjs');
    expect(realiseBlock(spec, fused).realisation).toBe('fused-kernel');
    const plain = await createTfjsBackend({ fusedBlocks: false });
    expect(realiseBlock(spec, plain).realisation).toBe('backend-ops');
    expect(() => realiseBlock(spec, plain, { realisation: 'fused-kernel' })).toThrow(/\[UNSUPPORTED\].*backend 'tfjs' has no fused block kernels/);
    const wasm = await createWasmBackend();
    expect(getBlockRealisation('mlp', 'wasm', 'fused-kernel')?.backend).toBe('wasm');
    expect(realiseBlock(spec, wasm).realisation).toBe('fused-kernel');
    const wasmPlain = await createWasmBackend({ fusedBlocks: false });
    expect(realiseBlock(spec, wasmPlain).realisation).toBe('backend-ops');
  });
});
