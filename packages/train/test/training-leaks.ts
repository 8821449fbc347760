import { expect } from 'vitest';
import { createOdeflow, realiseBlock, RmsProp, train, type MlpBlockSpec } from 'odeflow';

// Shared body of the long-training leak tests (one test file per tfjs backend, so each runs in its own process):
// a small neural ODE trained for `iterations` RMSprop steps through a sensitivity; the number of live tensors
// is recorded after every iteration and must never move — the model's parameters are the only tensors that
// live across iterations (replaced in place, one for one, by the optimizer).
const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [16, 2],
  activation: 'tanh',
  inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed: 7 },
};

/** Train `iterations` steps on `backend` with `sensitivity`; returns tensor counts before, during and after. */
export async function trainAndCountTensors(backend: string, sensitivity: string, iterations: number): Promise<void> {
  const flow = await createOdeflow({ backend, sensitivity, options: { rtol: 1e-5, atol: 1e-7 } });
  const b = flow.backend;
  const before = b.memory().tensors;
  const block = realiseBlock(spec, b);
  const optimizer = new RmsProp(b, { learningRate: 1e-2, style: 'torch' });
  const ts = [0, 0.05, 0.1, 0.15, 0.2];
  const y0 = b.fromArray([2, 0, 1.5, 0.5, -1, 1, 0.5, -1.5], [4, 2]);
  const target = ts.map((t) => b.fromArray([2 - t, t, 1.5 - t, 0.5 + t, -1 - t, 1 + t, 0.5 - t, -1.5 + t], [4, 2]));
  const withModel = b.memory().tensors; // + the model's parameters, the batch and its targets
  const counts: number[] = [];
  const losses: number[] = [];
  const result = train({
    backend: b,
    params: block.params,
    optimizer,
    steps: iterations,
    step: () => {
      const { value, gradients, solution } = flow.valueAndGradients({ dynamics: block.dynamics, y0, ts, params: block.params }, (ys) => {
        let loss = 0;
        const cotangents = ys.map((y, i) => {
          const d = b.sub(y, target[i]);
          const v = b.toFloat64Array(d);
          b.dispose(d);
          const c = v.map((x) => Math.sign(x) / (v.length * ys.length));
          loss += v.reduce((s, x) => s + Math.abs(x), 0) / (v.length * ys.length);
          return b.fromArray(c, [4, 2]);
        });
        return { value: loss, cotangents };
      });
      // the outputs stay alive until the backward pass is over (the adjoint restarts from them)
      b.dispose([gradients.y0, ...solution.ys.filter((y) => y !== y0)]);
      return { loss: value, grads: gradients.params };
    },
    onIteration: (record) => {
      counts.push(b.memory().tensors);
      losses.push(record.loss);
    },
  });
  expect(result.iterations).toBe(iterations);
  // constant from the first iteration to the last: nothing accumulates (optimizer slots are created on step 1)
  expect(new Set(counts.slice(1)).size).toBe(1);
  expect(counts[counts.length - 1]).toBe(counts[1]);
  // what remains on top of the model, batch and targets is the optimizer's state (mean squares + moments)
  expect(counts[1] - withModel).toBeLessThanOrEqual(2 * block.params.length);
  expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  optimizer.dispose();
  b.dispose([y0, ...target, ...block.params]);
  expect(b.memory().tensors).toBe(before);
}
