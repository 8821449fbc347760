import { describe, expect, it } from 'vitest';
import { isOdeflowError, odeint, type OdeflowError } from 'odeflow';

const robertson = (_t: number, y: Float64Array) => [
  -0.04 * y[0] + 1e4 * y[1] * y[2],
  0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
  3e7 * y[1] * y[1],
];

const vdp = (mu: number) => (_t: number, y: Float64Array) => [y[1], mu * ((1 - y[0] * y[0]) * y[1]) - y[0]];

function thrown(fn: () => unknown): OdeflowError {
  try {
    fn();
  } catch (e) {
    return e as OdeflowError;
  }
  throw new Error('expected a throw');
}

describe('stiffness detection of explicit methods', () => {
  it('Robertson with dopri5 fails fast with STIFF_PROBLEM near the start of the fast transient', () => {
    const e = thrown(() => odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6 }));
    expect(isOdeflowError(e, 'STIFF_PROBLEM')).toBe(true);
    const t = (e.details as { t: number }).t;
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
    expect(e.message).toContain(`near t = ${t}`);
    expect(e.message).toMatch(/implicit method \(.*(rosenbrock23|bdf|rodas5p|kvaerno5|implicit_euler)/);
    const sol = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, throwOnFailure: false });
    expect(sol.status).toBe('stiff');
    expect(sol.tReached).toBe(t);
    expect(sol.stats.nfe).toBeLessThan(6000);
  });

  it('fires within a few hundred steps at every tolerance (the sampled steps do not alias with the step oscillation)', () => {
    for (const rtol of [1e-3, 1e-4, 1e-5, 1e-6, 1e-7]) {
      const sol = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol, atol: rtol * 1e-4, throwOnFailure: false });
      expect(sol.status, `rtol ${rtol}`).toBe('stiff');
      expect(sol.stats.nfe, `rtol ${rtol}`).toBeLessThan(2000);
    }
  });

  it('tsit5 detects it too; bosh3 has no estimate and runs on', () => {
    const e = thrown(() => odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, method: 'tsit5' }));
    expect(isOdeflowError(e, 'STIFF_PROBLEM')).toBe(true);
    const sol = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-4, method: 'bosh3', maxSteps: 2000, throwOnFailure: false });
    expect(sol.status).toBe('max_steps_exceeded');
  });

  it('Van der Pol with μ = 1000 is found stiff on its slow manifold', () => {
    const sol = odeint(vdp(1000), [2, 0], [0, 3000], { rtol: 1e-6, throwOnFailure: false });
    expect(sol.status).toBe('stiff');
    expect(sol.stats.nfe).toBeLessThan(20000);
  });

  it('stiffnessCheck: false turns it off; an object tunes it; bad values are refused', () => {
    const off = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, maxSteps: 5000, stiffnessCheck: false, throwOnFailure: false });
    expect(off.status).toBe('max_steps_exceeded');
    const quick = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, stiffnessCheck: { steps: 3 }, throwOnFailure: false });
    const dflt = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, throwOnFailure: false });
    expect(quick.status).toBe('stiff');
    expect(quick.stats.accepted).toBeLessThan(dflt.stats.accepted);
    const loose = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, maxSteps: 3000, stiffnessCheck: { bound: 100 }, throwOnFailure: false });
    expect(loose.status).toBe('max_steps_exceeded');
    expect(() => odeint(robertson, [1, 0, 0], [0, 1], { stiffnessCheck: { steps: 0 } })).toThrow(/INVALID_ARGUMENT.*stiffnessCheck.steps/);
    expect(() => odeint(robertson, [1, 0, 0], [0, 1], { stiffnessCheck: { every: 1.5 } })).toThrow(/stiffnessCheck.every/);
    const everyStep = odeint(robertson, [1, 0, 0], [0, 1e5], { rtol: 1e-6, stiffnessCheck: { every: 1 }, throwOnFailure: false });
    expect(everyStep.status).toBe('stiff');
    expect(everyStep.stats.accepted).toBeLessThanOrEqual(dflt.stats.accepted);
    expect(() => odeint(robertson, [1, 0, 0], [0, 1], { stiffnessCheck: { bond: 3 } as never })).toThrow(/unknown key\(s\) bond/);
    expect(() => odeint(robertson, [1, 0, 0], [0, 1], { stiffnessCheck: 'yes' as never })).toThrow(/INVALID_ARGUMENT/);
  });

  it('does not fire on non-stiff problems (Lorenz, pendulum, a linear spiral, a fast oscillation)', () => {
    const lorenz = (_t: number, y: Float64Array) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
    const pendulum = (_t: number, y: Float64Array) => [y[1], -9.81 * Math.sin(y[0])];
    const spiral = (_t: number, y: Float64Array) => [-0.1 * y[0] + 2 * y[1], -2 * y[0] - 0.1 * y[1]];
    const fast = (_t: number, y: Float64Array) => [50 * y[1], -50 * y[0]];
    for (const method of ['dopri5', 'tsit5']) {
      for (const rtol of [1e-3, 1e-6, 1e-10]) {
        expect(odeint(lorenz, [1, 1, 1], [0, 50], { rtol, atol: rtol * 1e-2, method, maxSteps: 1e6 }).status).toBe('success');
        expect(odeint(pendulum, [3, 0], [0, 100], { rtol, method, maxSteps: 1e6 }).status).toBe('success');
        expect(odeint(spiral, [2, 0], [0, 50], { rtol, method, maxSteps: 1e6 }).status).toBe('success');
        expect(odeint(fast, [1, 0], [0, 20], { rtol, method, maxSteps: 1e6 }).status).toBe('success');
      }
    }
  });
});
