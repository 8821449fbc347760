import { describe, expect, it } from 'vitest';
import { Adam, JsBackend, realiseBlock, Sgd, train, type JsTensor, type ProgressReporter, type TrainContext } from 'odeflow';

const backend = new JsBackend();

class RecordingReporter implements ProgressReporter {
  readonly events: string[] = [];
  readonly updates: { done: number; info?: Readonly<Record<string, number | string>> }[] = [];
  start(total: number, label?: string): void {
    this.events.push(`start ${total} ${label}`);
  }
  update(done: number, info?: Readonly<Record<string, number | string>>): void {
    this.updates.push({ done, info });
  }
  finish(): void {
    this.events.push('finish');
  }
}

/** Least squares y = w·x + b on noisy points drawn from the run's generator. */
function leastSquaresStep(params: readonly JsTensor[], ctx: TrainContext<JsTensor>) {
  const [w, b] = [params[0].data[0], params[1].data[0]];
  let loss = 0;
  let gw = 0;
  let gb = 0;
  const n = 16;
  for (let k = 0; k < n; k++) {
    const x = ctx.random.uniform(-1, 1);
    const y = 2 * x - 0.5 + 0.01 * ctx.random.normal();
    const r = w * x + b - y;
    loss += (r * r) / n;
    gw += (2 * r * x) / n;
    gb += (2 * r) / n;
  }
  return { loss, grads: [backend.fromArray([gw]), backend.fromArray([gb])], metrics: { points: n } };
}

describe('train', () => {
  it('fits a line, reports progress with the loss, evaluates, disposes the gradients and records history', () => {
    const params = [backend.fromArray([0]), backend.fromArray([0])];
    const reporter = new RecordingReporter();
    const before = backend.memory().tensors;
    const optimizer = new Adam(backend, { learningRate: 0.05 });
    const result = train({
      backend,
      params,
      optimizer,
      steps: 400,
      seed: 3,
      progress: reporter,
      label: 'line',
      step: (ctx) => leastSquaresStep(params, ctx),
      evaluateEvery: 100,
      evaluate: ({ params: p }) => ({ slopeError: Math.abs(p[0].data[0] - 2) }),
    });
    expect(result.iterations).toBe(400);
    expect(result.history).toHaveLength(400);
    expect(result.history[0].metrics).toEqual({ points: 16 });
    expect(result.history[399].loss).toBeLessThan(result.history[0].loss / 100);
    expect(Math.abs(params[0].data[0] - 2)).toBeLessThan(0.02);
    expect(Math.abs(params[1].data[0] + 0.5)).toBeLessThan(0.02);
    expect(result.evaluations.map((e) => e.iteration)).toEqual([100, 200, 300, 400]);
    expect(result.evaluations[3].metrics.slopeError).toBeLessThan(0.02);
    expect(reporter.events).toEqual(['start 400 line', 'finish']);
    expect(reporter.updates).toHaveLength(400);
    expect(reporter.updates[99].info).toMatchObject({ loss: result.history[99].loss, slopeError: result.evaluations[0].metrics.slopeError });
    expect(result.medianMsPerIteration).toBeGreaterThan(0);
    // only the optimizer's two moment tensors per parameter remain
    expect(backend.memory().tensors).toBe(before + 4);
    optimizer.dispose();
    expect(backend.memory().tensors).toBe(before);
  });

  it('is reproducible: the same seed gives the same run, another seed another', () => {
    const once = (seed: number) => {
      const params = [backend.fromArray([0]), backend.fromArray([0])];
      const r = train({ backend, params, optimizer: new Sgd(backend, { learningRate: 0.1 }), steps: 20, seed, step: (ctx) => leastSquaresStep(params, ctx) });
      return r.history.map((h) => h.loss);
    };
    expect(once(1)).toEqual(once(1));
    expect(once(1)).not.toEqual(once(2));
  });

  it('stops early when onIteration returns false, evaluating the final state', () => {
    const params = [backend.fromArray([0]), backend.fromArray([0])];
    const result = train({
      backend,
      params,
      optimizer: new Sgd(backend, { learningRate: 0.1 }),
      steps: 1000,
      step: (ctx) => leastSquaresStep(params, ctx),
      evaluateEvery: 50,
      evaluate: () => ({ one: 1 }),
      onIteration: (r) => r.loss > 1e-3,
    });
    expect(result.stopped).toBe(true);
    expect(result.iterations).toBeLessThan(1000);
    expect(result.evaluations[result.evaluations.length - 1].iteration).toBe(result.iterations);
  });

  it('stops with NON_FINITE_STATE on a NaN loss or gradient, disposing the gradients and finishing the progress', () => {
    const params = [backend.fromArray([1])];
    const reporter = new RecordingReporter();
    const before = backend.memory().tensors;
    expect(() =>
      train({
        backend,
        params,
        optimizer: new Sgd(backend, { learningRate: 0.1 }),
        steps: 10,
        progress: reporter,
        step: ({ iteration }) => ({ loss: iteration === 3 ? Number.NaN : 1, grads: [backend.fromArray([0.1])] }),
      }),
    ).toThrow(/NON_FINITE_STATE.*iteration 3/);
    expect(reporter.events[reporter.events.length - 1]).toBe('finish');
    expect(backend.memory().tensors).toBe(before);
    expect(() =>
      train({ backend, params, optimizer: new Sgd(backend, { learningRate: 0.1 }), steps: 2, step: () => ({ loss: 1, grads: [backend.fromArray([Infinity])] }) }),
    ).toThrow(/NON_FINITE_STATE.*gradient of parameter 0/);
    expect(() => train({ backend, params, optimizer: new Sgd(backend, { learningRate: 0.1 }), steps: 2, step: () => ({ loss: 1, grads: [] }) })).toThrow(
      /SHAPE_MISMATCH/,
    );
    expect(() => train({ backend, params, optimizer: new Sgd(backend, { learningRate: 0.1 }), steps: -1, step: () => ({ loss: 1, grads: [] }) })).toThrow(
      /INVALID_ARGUMENT/,
    );
  });

  it('trains an MLP block through its hand-written VJP (regression of a vector field)', () => {
    // learn f(y) = [−y₁, y₀] (a rotation) at random points with an MLP 2→16→2
    const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', init: { seed: 4 } }, backend);
    const params = block.params;
    const result = train({
      backend,
      params,
      optimizer: new Adam(backend, { learningRate: 0.02 }),
      steps: 600,
      seed: 8,
      step: ({ random }) => {
        const ys = Array.from({ length: 64 }, () => random.uniform(-1, 1));
        const y = backend.fromArray(ys, [32, 2]);
        const f = block.dynamics.f(0, y, params);
        const a = new Float64Array(64);
        let loss = 0;
        for (let b = 0; b < 32; b++) {
          const r0 = f.data[2 * b] + ys[2 * b + 1];
          const r1 = f.data[2 * b + 1] - ys[2 * b];
          loss += (r0 * r0 + r1 * r1) / 32;
          a[2 * b] = (2 * r0) / 32;
          a[2 * b + 1] = (2 * r1) / 32;
        }
        const out = block.dynamics.vjp!(0, y, backend.fromArray(a, [32, 2]), params);
        backend.dispose([y, f, out.f, out.y]);
        return { loss, grads: out.params };
      },
    });
    expect(result.history[599].loss).toBeLessThan(0.01 * result.history[0].loss);
  });
});
