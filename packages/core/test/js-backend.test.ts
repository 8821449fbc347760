import { describe, expect, it } from 'vitest';
import { JsBackend } from '@odeflow/core';
import { backendConformance } from './backend-conformance.js';

backendConformance({ name: 'js', dtype: 'float64', create: () => new JsBackend() });

describe('js in-place combineInto (the Runge–Kutta stepper\'s fused stage combination)', () => {
  const b = new JsBackend();
  const xs = [b.fromArray([1, 2, 3]), b.fromArray([10, 20, 30]), b.fromArray([100, 200, 300])];
  const terms = { index: [2, 0], coeffs: [0.5, -2] };

  it('writes base + h·Σ coeffs·xs[index] into out, in the listed order, with or without a base', () => {
    const out = b.zeros([3]);
    b.inPlace.combineInto(out, xs[1], 0.1, terms, xs);
    expect(Array.from(out.data)).toEqual([0, 1, 2].map((e) => xs[1].data[e] + 0.1 * 0.5 * xs[2].data[e] + 0.1 * -2 * xs[0].data[e]));
    b.inPlace.combineInto(out, null, 2, terms, xs);
    expect(Array.from(out.data)).toEqual([96, 192, 288]);
    b.inPlace.combineInto(out, null, 2, { index: [], coeffs: [] }, xs);
    expect(Array.from(out.data)).toEqual([0, 0, 0]);
  });

  it('may write over its base, and refuses tensors of another size', () => {
    const y = b.fromArray([1, 1, 1]);
    b.inPlace.combineInto(y, y, 1, { index: [0], coeffs: [1] }, xs);
    expect(Array.from(y.data)).toEqual([2, 3, 4]);
    const short = b.fromArray([1, 2]);
    expect(() => b.inPlace.combineInto(y, null, 1, { index: [0], coeffs: [1] }, [short])).toThrow(/SHAPE_MISMATCH|elements/);
    expect(() => b.inPlace.combineInto(y, short, 1, { index: [0], coeffs: [1] }, xs)).toThrow(/base has 2 elements/);
  });
});
