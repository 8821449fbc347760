import { Container } from 'inversify';
import { describe, expect, it, vi } from 'vitest';
import { JsBackend, listNamed, OdeflowError, type TensorBackend } from '@odeflow/core';
import {
  BLOCK_TOKENS,
  BlockRealisationRegistry,
  blocksModule,
  BackendMlpDynamics,
  defaultBlockRealisations,
  getBlockRealisation,
  listBlockRealisations,
  preloadBlockKernels,
  realiseBlock,
  registerBlockRealisation,
  unregisterBlockRealisation,
  type BlockRealisationEntry,
  type MlpBlockSpec,
} from '@odeflow/blocks';

const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [6, 2], activation: 'tanh', init: { seed: 3 } };

/** A js backend under another name: what a third-party backend looks like to the registry. */
class RenamedJsBackend extends JsBackend {
  override readonly name = 'custom' as 'js';
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OdeflowError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('the block realisation registry', () => {
  it('holds the built-in realisations by (kind, backend, realisation); backend-ops serves every backend', () => {
    const names = listBlockRealisations().map((e) => `${e.kind}/${e.backend}/${e.realisation}`);
    expect(names).toEqual(expect.arrayContaining(['mlp/js/fused-kernel', 'mlp/js/typed-array', 'mlp/*/backend-ops']));
    expect(getBlockRealisation('mlp', 'anything', 'backend-ops')?.backend).toBe('*');
    expect(getBlockRealisation('mlp', 'anything', 'typed-array')).toBeUndefined();
  });

  it('is visible in an inversify container through blocksModule', () => {
    const c = new Container();
    c.load(blocksModule);
    expect(listNamed(c, BLOCK_TOKENS.BlockRealisation)).toEqual(expect.arrayContaining(['mlp/*/backend-ops', 'mlp/js/fused-kernel', 'mlp/js/typed-array']));
    expect(c.get(BLOCK_TOKENS.BlockRealisation, { name: 'mlp/js/typed-array' }).description).toMatch(/Float64Array/);
    expect(c.get(BLOCK_TOKENS.BlockRealisations)).toBe(defaultBlockRealisations);
  });

  it('realiseBlock picks a registered realisation by backend name, under auto and on request; unregistering removes it', () => {
    const backend = new RenamedJsBackend();
    expect(realiseBlock(spec, backend).realisation).toBe('backend-ops');
    expect(code(() => realiseBlock(spec, backend, { realisation: 'fused-kernel' }))).toBe(
      "[UNSUPPORTED] realiseBlock: backend 'custom' has no fused block kernels; use 'auto' or 'backend-ops'.",
    );
    const create = vi.fn((s, _layout, b: TensorBackend<unknown>) => new BackendMlpDynamics(s, b));
    const entry: BlockRealisationEntry = { kind: 'mlp', backend: 'custom', realisation: 'fused-kernel', description: 'test kernels', create };
    registerBlockRealisation(entry);
    try {
      const auto = realiseBlock(spec, backend);
      expect(auto.realisation).toBe('fused-kernel');
      expect(create).toHaveBeenCalledTimes(1);
      expect(create.mock.calls[0][1].paramShapes).toEqual([[2, 6], [6], [6, 2], [2]]);
      expect(realiseBlock(spec, backend, { realisation: 'fused-kernel' }).realisation).toBe('fused-kernel');
      // a backend VJP mode skips the fused kernels, whose VJP is their own
      expect(realiseBlock(spec, backend, { vjp: 'explicit' }).realisation).toBe('backend-ops');
      expect(realiseBlock(spec, new JsBackend()).realisation).toBe('fused-kernel'); // js keeps its own
    } finally {
      expect(unregisterBlockRealisation('mlp', 'custom', 'fused-kernel')).toBe(true);
    }
    expect(realiseBlock(spec, backend).realisation).toBe('backend-ops');
  });

  it("honours an entry's available() and a create that declines the spec", () => {
    const backend = new RenamedJsBackend();
    let offered = false;
    registerBlockRealisation({
      kind: 'mlp',
      backend: 'custom',
      realisation: 'fused-kernel',
      description: 'narrow kernels',
      available: () => offered,
      create: (s, _l, b) => (s.widths[0] <= 4 ? new BackendMlpDynamics(s, b) : undefined),
    });
    try {
      expect(code(() => realiseBlock(spec, backend, { realisation: 'fused-kernel' }))).toMatch(/has no fused block kernels/);
      offered = true;
      expect(code(() => realiseBlock(spec, backend, { realisation: 'fused-kernel' }))).toBe(
        "[UNSUPPORTED] realiseBlock: the fused kernels of backend 'custom' (narrow kernels) cannot run this spec; use 'auto' or 'backend-ops'.",
      );
      expect(realiseBlock(spec, backend).realisation).toBe('backend-ops');
      expect(realiseBlock({ ...spec, widths: [4, 2] }, backend).realisation).toBe('fused-kernel');
    } finally {
      unregisterBlockRealisation('mlp', 'custom', 'fused-kernel');
    }
  });

  it('typed-array names the backends it runs on', () => {
    expect(code(() => realiseBlock(spec, new RenamedJsBackend(), { realisation: 'typed-array' }))).toBe(
      "[UNSUPPORTED] realiseBlock: the typed-array realisation runs on the js backend only, not on 'custom'; use 'auto' or 'backend-ops'.",
    );
  });

  it('preloadBlockKernels runs the preload of the realisations registered for that backend only', async () => {
    const mine = vi.fn(async () => undefined);
    const other = vi.fn(async () => undefined);
    const base = { kind: 'mlp' as const, realisation: 'fused-kernel' as const, description: 'x', create: () => undefined };
    registerBlockRealisation({ ...base, backend: 'custom', preload: mine });
    registerBlockRealisation({ ...base, backend: 'elsewhere', preload: other });
    try {
      await preloadBlockKernels('custom');
      expect(mine).toHaveBeenCalledTimes(1);
      expect(other).not.toHaveBeenCalled();
    } finally {
      unregisterBlockRealisation('mlp', 'custom', 'fused-kernel');
      unregisterBlockRealisation('mlp', 'elsewhere', 'fused-kernel');
    }
  });

  it('a registry of its own starts empty or with the entries given, and replaces an entry under the same keys', () => {
    const r = new BlockRealisationRegistry();
    expect(r.list()).toEqual([]);
    const a: BlockRealisationEntry = { kind: 'mlp', backend: 'x', realisation: 'typed-array', description: 'a', create: () => undefined };
    const b: BlockRealisationEntry = { ...a, description: 'b' };
    r.register(a);
    r.register(b);
    expect(r.list()).toEqual([b]);
    expect(r.get('mlp', 'x', 'typed-array')).toBe(b);
    expect(r.unregister('mlp', 'x', 'typed-array')).toBe(true);
    expect(r.unregister('mlp', 'x', 'typed-array')).toBe(false);
  });
});
