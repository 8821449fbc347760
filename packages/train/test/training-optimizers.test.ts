import { describe, expect, it } from 'vitest';
import { Adam, createOptimizer, JsBackend, RmsProp, Sgd, type JsTensor, type Optimizer } from 'odeflow';

const backend = new JsBackend();

/** Run `steps` updates of p = [1, −2] with the fixed gradients g₁ = [0.5, −1], g₂ = [−0.25, 2]. */
function run(make: () => Optimizer<JsTensor>, steps: number): number[] {
  const opt = make();
  const params = [backend.fromArray([1, -2])];
  const grads = [backend.fromArray([0.5, -1]), backend.fromArray([-0.25, 2])];
  for (let s = 0; s < steps; s++) opt.step(params, [grads[s % 2]]);
  expect(opt.iterations).toBe(steps);
  opt.dispose();
  return Array.from(params[0].data);
}

function expectNumbers(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(expected[i]))));
}

describe('optimizers match hand-computed steps', () => {
  it('sgd', () => {
    // θ ← θ − 0.1·g
    expectNumbers(run(() => new Sgd(backend, { learningRate: 0.1 }), 1), [0.95, -1.9]);
    expectNumbers(run(() => new Sgd(backend, { learningRate: 0.1 }), 2), [0.975, -2.1]);
  });

  it('sgd with momentum and with Nesterov momentum', () => {
    // v₁ = g₁ = [0.5, −1]; θ₁ = [0.95, −1.9]; v₂ = 0.9·v₁ + g₂ = [0.2, 1.1]; θ₂ = θ₁ − 0.1·v₂ = [0.93, −2.01]
    expectNumbers(run(() => new Sgd(backend, { learningRate: 0.1, momentum: 0.9 }), 2), [0.93, -2.01]);
    // Nesterov: θ₁ = θ₀ − 0.1·(g₁ + 0.9·v₁) = [1 − 0.095, −2 + 0.19]; θ₂ = θ₁ − 0.1·(g₂ + 0.9·v₂) = θ₁ − 0.1·[−0.07, 2.99]
    expectNumbers(run(() => new Sgd(backend, { learningRate: 0.1, momentum: 0.9, nesterov: true }), 2), [0.905 + 0.007, -1.81 - 0.299]);
  });

  it('adam (tfjs formulae: bias-corrected moments, ε added to √v̂)', () => {
    // step 1: m̂ = g, v̂ = g², θ₁ = θ₀ − 0.1·g/(|g| + 1e-7)
    const th1 = [1 - (0.1 * 0.5) / (0.5 + 1e-7), -2 + (0.1 * 1) / (1 + 1e-7)];
    expectNumbers(run(() => new Adam(backend, { learningRate: 0.1 }), 1), th1);
    // step 2: m = 0.9·0.1·g₁ + 0.1·g₂, v = 0.999·0.001·g₁² + 0.001·g₂², corrected by 1 − 0.9² and 1 − 0.999²
    const m = [0.09 * 0.5 + 0.1 * -0.25, 0.09 * -1 + 0.1 * 2];
    const v = [0.000999 * 0.25 + 0.001 * 0.0625, 0.000999 * 1 + 0.001 * 4];
    const th2 = th1.map((t, i) => t - (0.1 * (m[i] / 0.19)) / (Math.sqrt(v[i] / (1 - 0.998001)) + 1e-7));
    const got = run(() => new Adam(backend, { learningRate: 0.1 }), 2);
    got.forEach((g, i) => expect(Math.abs(g - th2[i])).toBeLessThan(1e-14));
    // by hand: m̂ = 0.02/0.19 = 0.10526, v̂ = 0.00031225/0.001999 = 0.15620, θ₂ = 0.9 − 0.1·0.10526/0.39522 = 0.87337
    expect(th2[0]).toBeCloseTo(0.87337, 4);
  });

  it('rmsprop, tfjs style (ρ 0.9, ε 1e-7 inside the square root)', () => {
    // s₁ = 0.1·g², θ₁ = θ₀ − 0.1·g/√(s₁ + 1e-7)
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1 }), 1), [1 - 0.05 / Math.sqrt(0.025 + 1e-7), -2 + 0.1 / Math.sqrt(0.1 + 1e-7)]);
    expect(run(() => new RmsProp(backend, { learningRate: 0.1 }), 1)[0]).toBeCloseTo(1 - 0.05 / 0.158114, 5);
    // with momentum 0.5, step 2: u₂ = 0.5·u₁ + 0.1·g₂/√(s₂ + ε), s₂ = 0.9·s₁ + 0.1·g₂²
    const u1 = [0.05 / Math.sqrt(0.025 + 1e-7), -0.1 / Math.sqrt(0.1 + 1e-7)];
    const s2 = [0.9 * 0.025 + 0.1 * 0.0625, 0.9 * 0.1 + 0.1 * 4];
    const u2 = [0.5 * u1[0] + (0.1 * -0.25) / Math.sqrt(s2[0] + 1e-7), 0.5 * u1[1] + (0.1 * 2) / Math.sqrt(s2[1] + 1e-7)];
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1, momentum: 0.5 }), 2), [1 - u1[0] - u2[0], -2 - u1[1] - u2[1]]);
  });

  it('rmsprop, torch style (α 0.99, ε 1e-8 added to the square root), as in torchdiffeq’s ode_demo', () => {
    // s₁ = 0.01·g², θ₁ = θ₀ − 0.1·g/(√s₁ + 1e-8) = θ₀ − 0.1·g/(0.1·|g| + 1e-8) ≈ θ₀ − sign(g)
    const th1 = [1 - 0.05 / (0.05 + 1e-8), -2 + 0.1 / (0.1 + 1e-8)];
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1, style: 'torch' }), 1), th1);
    const s2 = [0.99 * 0.0025 + 0.01 * 0.0625, 0.99 * 0.01 + 0.01 * 4];
    const th2 = [th1[0] + 0.025 / (Math.sqrt(s2[0]) + 1e-8), th1[1] - 0.2 / (Math.sqrt(s2[1]) + 1e-8)];
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1, style: 'torch' }), 2), th2);
  });

  it('rmsprop centered variants subtract the squared mean gradient', () => {
    // step 1, tfjs: s = 0.1·g², ḡ = 0.1·g, variance = 0.1g² − 0.01g² = 0.09g²
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1, centered: true }), 1), [1 - 0.05 / Math.sqrt(0.09 * 0.25 + 1e-7), -2 + 0.1 / Math.sqrt(0.09 + 1e-7)]);
    // torch: s = 0.01·g², ḡ = 0.01·g, variance = 0.0099·g²
    expectNumbers(run(() => new RmsProp(backend, { learningRate: 0.1, style: 'torch', centered: true }), 1), [
      1 - 0.05 / (Math.sqrt(0.0099 * 0.25) + 1e-8),
      -2 + 0.1 / (Math.sqrt(0.0099) + 1e-8),
    ]);
  });

  it('updates js parameters in place and keeps its state counted by the backend until disposed', () => {
    const p = backend.fromArray([1, 2, 3]);
    const g = backend.fromArray([1, 1, 1]);
    const params = [p];
    const before = backend.memory().tensors;
    const adam = new Adam(backend, { learningRate: 0.01 });
    adam.step(params, [g]);
    expect(params[0]).toBe(p);
    expect(backend.memory().tensors).toBe(before + 2);
    adam.dispose();
    expect(backend.memory().tensors).toBe(before);
  });

  it('Adam minimises a quadratic', () => {
    // f(θ) = Σ cᵢ(θᵢ − aᵢ)², ill-conditioned
    const a = [3, -1, 0.5, 10];
    const c = [1, 10, 100, 0.1];
    const params = [backend.fromArray([0, 0, 0, 0])];
    const adam = new Adam(backend, { learningRate: 0.05 });
    for (let s = 0; s < 3000; s++) {
      const th = params[0].data;
      const g = backend.fromArray(a.map((ai, i) => 2 * c[i] * (th[i] - ai)));
      adam.step(params, [g]);
      backend.dispose(g);
    }
    params[0].data.forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThan(1e-3));
    adam.dispose();
  });

  it('refuses bad hyper-parameters and mismatched gradients', () => {
    expect(() => new Sgd(backend, { learningRate: 0 })).toThrow(/INVALID_ARGUMENT.*learningRate/);
    expect(() => new Adam(backend, { beta1: 1 })).toThrow(/beta1/);
    expect(() => new RmsProp(backend, { learningRate: 0.1, decay: -0.1 })).toThrow(/decay/);
    expect(() => new RmsProp(backend, { learningRate: 0.1, style: 'keras' as 'tfjs' })).toThrow(/style/);
    const sgd = new Sgd(backend, { learningRate: 0.1 });
    expect(() => sgd.step([backend.zeros([2])], [])).toThrow(/SHAPE_MISMATCH/);
    expect(() => sgd.step([backend.zeros([2])], [backend.zeros([3])])).toThrow(/SHAPE_MISMATCH/);
  });

  it('createOptimizer builds each optimizer from JSON and names bad fields', () => {
    const spec = JSON.parse('{"kind":"rmsprop","learningRate":0.001,"style":"torch"}') as { kind: 'rmsprop'; learningRate: number };
    const opt = createOptimizer(spec, backend);
    expect(opt).toBeInstanceOf(RmsProp);
    expect((opt as RmsProp<JsTensor>).decay).toBe(0.99);
    expect(createOptimizer({ kind: 'adam' }, backend)).toBeInstanceOf(Adam);
    expect(createOptimizer({ kind: 'sgd', learningRate: 1, momentum: 0.5 }, backend)).toBeInstanceOf(Sgd);
    expect(() => createOptimizer({ kind: 'adamw' } as never, backend)).toThrow(/INVALID_SPEC.*optimizer\.kind/);
    expect(() => createOptimizer({ kind: 'adam', lr: 0.1 } as never, backend)).toThrow(/optimizer\.lr/);
  });
});
