// mathjs loads synchronously under Node without a `node:` import (bundles stay browser-safe); where there is
// no synchronous require, preloadMathJs() is the way in, and forgetting it is a clear error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsBackend } from '@odeflow/core';
import { equationDynamics } from '@odeflow/equations';

const realGetBuiltin = process.getBuiltinModule;

afterEach(() => {
  process.getBuiltinModule = realGetBuiltin;
  vi.resetModules();
});

describe('loading mathjs', () => {
  it('under Node, equation dynamics load mathjs by themselves', () => {
    const { dynamics } = equationDynamics(new JsBackend(), { state: ['x'], params: { k: 2 }, equations: { x: '-k*x' } });
    expect(dynamics.name).toBeTypeOf('string');
  });

  it('without a synchronous require: UNSUPPORTED naming preloadMathJs, and after it the equations work', async () => {
    vi.resetModules();
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    const fresh = await import('../src/load-mathjs.js');
    expect(() => fresh.loadMathJs()).toThrow(/UNSUPPORTED.*await preloadMathJs\(\)/);
    const math = await fresh.preloadMathJs();
    expect(typeof math.parse).toBe('function');
    expect(fresh.loadMathJs()).toBe(math);
    expect(math.derivative(math.parse('x^2'), 'x').toString()).toBe('2 * x');
  });
});
