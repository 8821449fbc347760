import { describe, expect, it } from 'vitest';
import { hasVjpInto, JsBackend, type JsTensor } from '@odeflow/core';
import { realiseBlock, SeededRandom, type ActivationName, type MlpBlockSpec } from '@odeflow/blocks';

// A state of size 2 through dense, tanh or sigmoid, dense (the spiral's block) takes a fused backward pass
// on the js realisation. The same block with a time input takes the layer-by-layer kernels; at t = 0 with
// the time weights set to zero both compute the very same function, so their VJPs must agree bit for bit.
const backend = new JsBackend();

function randomTensor(rng: SeededRandom, shape: number[], scale = 1): JsTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return backend.fromArray(Array.from({ length: n }, () => rng.normal(0, scale)), shape);
}

function pair(activation: ActivationName, hidden: number) {
  const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [hidden, 2], activation, inputTransform: 'cube', init: { bias: { kind: 'normal', std: 0.3 }, seed: 4 } };
  const fused = realiseBlock(spec, backend, { realisation: 'typed-array' });
  const layered = realiseBlock({ ...spec, timeInput: true }, backend, { realisation: 'typed-array' });
  // layered: [W0, wt0, b0, W1, b1]; fused: [W0, b0, W1, b1]
  expect(layered.params.length).toBe(5);
  const map = [0, 2, 3, 4];
  layered.params[0].data.set(fused.params[0].data);
  layered.params[1].data.fill(0);
  for (let k = 1; k < 4; k++) layered.params[map[k]].data.set(fused.params[k].data);
  return { fused, layered, map };
}

describe('js MLP: the fused backward pass of a 2 → H → 2 block', () => {
  for (const activation of ['tanh', 'sigmoid'] as ActivationName[]) {
    it(`equals the layer-by-layer kernels bit for bit (${activation}), writing and accumulating`, () => {
      for (const [hidden, batch] of [[50, 20], [7, 1], [13, 5]]) {
        const { fused, layered, map } = pair(activation, hidden);
        const rng = new SeededRandom(hidden + batch);
        const y = randomTensor(rng, [batch, 2]);
        const a = randomTensor(rng, [batch, 2]);
        a.data[0] = -0; // signed zeros go through the same sums
        const ref = layered.dynamics.vjp!(0, y, a, layered.params);
        const got = fused.dynamics.vjp!(0, y, a, fused.params);
        expect(Array.from(got.y.data)).toEqual(Array.from(ref.y.data));
        expect(Array.from(got.f.data)).toEqual(Array.from(ref.f.data));
        for (let k = 0; k < 4; k++) expect(Array.from(got.params[k].data)).toEqual(Array.from(ref.params[map[k]].data));
        expect(got.t).toBe(0);
        // accumulating from non-zero targets: the sums start from the current values in both
        const dyn = fused.dynamics;
        const lay = layered.dynamics;
        if (!hasVjpInto(dyn) || !hasVjpInto(lay)) throw new Error('the js realisation has vjpInto');
        const outF = { y: backend.zeros([batch, 2]), params: fused.paramShapes.map((s) => backend.fill(s, 0.37)) };
        const outL = { y: backend.zeros([batch, 2]), params: layered.paramShapes.map((s) => backend.fill(s, 0.37)) };
        dyn.vjpInto(0, y, a, fused.params, outF, true);
        lay.vjpInto(0, y, a, layered.params, outL, true);
        expect(Array.from(outF.y.data)).toEqual(Array.from(outL.y.data));
        for (let k = 0; k < 4; k++) expect(Array.from(outF.params[k].data)).toEqual(Array.from(outL.params[map[k]].data));
        backend.dispose([y, a, got.f, got.y, ...got.params, ref.f, ref.y, ...ref.params, outF.y, ...outF.params, outL.y, ...outL.params]);
      }
    });
  }

  it('matches central differences in y and θ', () => {
    const { fused } = pair('tanh', 6);
    const rng = new SeededRandom(9);
    const y = randomTensor(rng, [3, 2]);
    const a = randomTensor(rng, [3, 2]);
    const phi = (): number => {
      const f = fused.dynamics.f(0.4, y, fused.params);
      const v = backend.dot(a, f);
      backend.dispose(f);
      return v;
    };
    const v = fused.dynamics.vjp!(0.4, y, a, fused.params);
    for (const [x, g] of [[y, v.y], ...fused.params.map((p, k) => [p, v.params[k]])] as [JsTensor, JsTensor][]) {
      for (let i = 0; i < x.data.length; i++) {
        const x0 = x.data[i];
        const h = 1e-6;
        x.data[i] = x0 + h;
        const up = phi();
        x.data[i] = x0 - h;
        const down = phi();
        x.data[i] = x0;
        expect(Math.abs((up - down) / (2 * h) - g.data[i])).toBeLessThan(1e-7 * (1 + Math.abs(g.data[i])));
      }
    }
  });
});
