import { afterEach, describe, expect, it, vi } from 'vitest';

// core holds no WebAssembly: importing it, creating the js backend through its factory and computing with it
// must not compile or instantiate a module (a plain scalar solve should not pay for the neural kernels).
describe('JsBackendFactory', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('creates the js backend synchronously without touching WebAssembly', async () => {
    const real = WebAssembly;
    const touched: string[] = [];
    const watched = new Proxy(real, {
      get(target, key, receiver) {
        if (typeof key === 'string' && ['Module', 'Instance', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'validate'].includes(key)) {
          touched.push(key);
        }
        return Reflect.get(target, key, receiver);
      },
    });
    vi.resetModules();
    vi.stubGlobal('WebAssembly', watched);
    const core = await import('@odeflow/core');
    const backend = new core.JsBackendFactory().create();
    expect(backend).toBeInstanceOf(core.JsBackend);
    const y = backend.lincomb([1, 0.5], [backend.fromArray([1, 2]), backend.fromArray([3, 4])]);
    expect(Array.from(backend.toFloat64Array(y))).toEqual([2.5, 4]);
    expect(touched).toEqual([]);
  });
});
