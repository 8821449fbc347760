import { beforeAll, describe, expect, it } from 'vitest';
import { JsBackend } from '@odeflow/core';
import { ACTIVATION_NAMES, ACTIVATIONS, BackendMlpDynamics, loadMlpKernels, validateBlockSpec, type MlpKernelModule } from '@odeflow/blocks';

// ACTIVATIONS is the one definition every realisation reads: these check that each reading of an entry (the
// typed-array loops, the WebAssembly kernels under the entry's code, the backend ops) computes its value and
// derivative.

const zs = Float64Array.from([-40, -31, -3.5, -1, -0.25, -1e-12, 0, 1e-12, 0.3, 1, 2.75, 29, 31, 40]);
const gs = Float64Array.from(zs, (_, i) => 0.5 + 0.1 * i);

let kernels: MlpKernelModule;
beforeAll(async () => {
  kernels = await loadMlpKernels();
});

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i])));
  }
}

describe('the activation table', () => {
  it('lists every activation once, in the order specs and messages use, with distinct kernel codes', () => {
    expect(ACTIVATION_NAMES).toEqual(['tanh', 'relu', 'softplus', 'sigmoid', 'identity']);
    const codes = ACTIVATION_NAMES.map((n) => ACTIVATIONS[n].kernelCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const n of ACTIVATION_NAMES) expect(ACTIVATIONS[n].name).toBe(n);
    // the backend-ops realisation writes the VJP out exactly for the activations with a backend-ops derivative
    for (const n of ACTIVATION_NAMES) {
      const spec = validateBlockSpec({ kind: 'mlp', inputSize: 2, widths: [3, 2], activation: n });
      const make = () => new BackendMlpDynamics(spec, new JsBackend(), 'explicit');
      if (ACTIVATIONS[n].timesDerivative === undefined) expect(make).toThrow(/UNSUPPORTED/);
      else expect(make().vjpMode).toBe('explicit');
    }
    expect(ACTIVATIONS.relu.timesDerivative).toBeUndefined();
  });

  for (const name of ACTIVATION_NAMES) {
    const act = ACTIVATIONS[name];
    const h = Float64Array.from(zs, (z) => act.value(z));
    const d = Float64Array.from(zs, (z, i) => act.derivative(z, h[i]));

    it(`${name}: value and derivative are the function's (derivative against a central difference)`, () => {
      const reference: Record<string, (x: number) => number> = {
        tanh: Math.tanh,
        relu: (x) => Math.max(x, 0),
        softplus: (x) => Math.log1p(Math.exp(x)),
        sigmoid: (x) => 1 / (1 + Math.exp(-x)),
        identity: (x) => x,
      };
      close(h, Float64Array.from(zs, reference[name]), 1e-14);
      for (let i = 0; i < zs.length; i++) {
        const e = 1e-6;
        if (name === 'relu' && Math.abs(zs[i]) < e) continue; // the kink
        const numeric = (act.value(zs[i] + e) - act.value(zs[i] - e)) / (2 * e);
        expect(Math.abs(d[i] - numeric)).toBeLessThan(1e-7);
      }
      if (act.derivativeFromOutput !== undefined) close(Float64Array.from(h, act.derivativeFromOutput), d, 0);
    });

    it(`${name}: the typed-array loops compute the table's value and derivative`, () => {
      const out = act.aliasesInput ? Float64Array.from(zs) : new Float64Array(zs.length);
      act.forwardArray(Float64Array.from(zs), out, zs.length);
      close(out, h, 0);
      const g = Float64Array.from(gs);
      act.backwardArray(zs, h, g, zs.length);
      close(g, Float64Array.from(gs, (v, i) => v * d[i]), 1e-15);
    });

    it(`${name}: the WebAssembly kernels under code ${act.kernelCode} compute the table's value and derivative`, () => {
      const n = zs.length;
      const z = kernels.alloc(n);
      const hp = kernels.alloc(n);
      const g = kernels.alloc(n);
      let f = kernels.f64();
      f.set(zs, z >> 3);
      f.set(gs, g >> 3);
      kernels.exports.activate(act.kernelCode, z, hp, n);
      kernels.exports.activateBackward(act.kernelCode, z, hp, g, n);
      f = kernels.f64();
      // the module's exp/log1p may differ from V8's in the last bit
      close(f.subarray(hp >> 3, (hp >> 3) + n), h, 1e-15);
      close(f.subarray(g >> 3, (g >> 3) + n), Float64Array.from(gs, (v, i) => v * d[i]), 1e-15);
    });

    it(`${name}: the backend ops compute the table's value and derivative`, () => {
      const b = new JsBackend();
      const zt = b.fromArray(zs);
      const ht = act.apply(b, zt);
      close(b.toFloat64Array(ht), h, 1e-15);
      if (act.timesDerivative === undefined) return;
      const gd = act.timesDerivative(b, b.fromArray(gs), zt, ht);
      close(b.toFloat64Array(gd), Float64Array.from(gs, (v, i) => v * d[i]), 1e-15);
    });
  }
});
