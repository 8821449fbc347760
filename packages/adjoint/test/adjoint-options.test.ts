import { isOdeflowError } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { pendulumDynamics } from './helpers/dynamics.js';
import { context, flatGradients, gradientsOf, JsBackend, relErr, sensitivity } from './helpers/harness.js';


describe('adjoint options', () => {
  const be = new JsBackend();
  const dyn = pendulumDynamics(be, 0.3, 1.7);
  const ts = [0, 1.5, 3];
  const grads = (method: string, options: Record<string, unknown>, sensitivityOptions?: Record<string, unknown>, name = 'adjoint') => {
    const y0 = be.fromArray([0.8, 0.1]);
    const p = be.fromArray([0.15, 2], [2]);
    const g = gradientsOf(be, name, { dynamics: dyn, y0, ts, params: [p] }, context(be, method, options, sensitivityOptions));
    be.dispose([y0, p]);
    return g;
  };
  const exact = grads('dopri5', { rtol: 1e-11, atol: 1e-13 }, undefined, 'direct');

  it('adjointMethod, adjointRtol and adjointAtol set the backward solve apart from the forward one', () => {
    const loose = grads('dopri5', { rtol: 1e-10, atol: 1e-12 }, { adjointRtol: 1e-4, adjointAtol: 1e-6 });
    const tight = grads('dopri5', { rtol: 1e-10, atol: 1e-12 }, { adjointMethod: 'tsit5', adjointRtol: 1e-10, adjointAtol: 1e-12 });
    expect(loose.stats.nfeBackward).toBeLessThan(tight.stats.nfeBackward / 2);
    expect(relErr(flatGradients(tight), flatGradients(exact))).toBeLessThan(1e-8);
    expect(relErr(flatGradients(loose), flatGradients(exact))).toBeGreaterThan(1e-7);
    expect(relErr(flatGradients(loose), flatGradients(exact))).toBeLessThan(1e-2);
  });

  it('adjointOptions reach the backward solve (maxSteps) and its failure names the way out', () => {
    const y0 = be.fromArray([0.8, 0.1]);
    const p = be.fromArray([0.15, 2], [2]);
    const run = sensitivity('adjoint').run({ dynamics: dyn, y0, ts, params: [p] }, context(be, 'dopri5', {}, { adjointOptions: { maxSteps: 2 } }));
    const cot = ts.map(() => be.fromArray([1, 1]));
    let caught: unknown;
    try {
      run.backward(cot);
    } catch (e) {
      caught = e;
    }
    expect(isOdeflowError(caught, 'MAX_STEPS_EXCEEDED')).toBe(true);
    expect(String((caught as Error).message)).toMatch(/checkpointed/);
    be.dispose([y0, p, ...cot, ...run.solution.ys]);
  });

  it('fixed-step forward solves (stepSize, grid) are mirrored backward', () => {
    const grid = Array.from({ length: 601 }, (_, i) => (3 * i) / 600);
    const withGrid = grads('rk4', { grid });
    const withStep = grads('rk4', { stepSize: 0.005 });
    expect(withGrid.stats.stepsBackward).toBe(600);
    expect(withStep.stats.stepsBackward).toBe(600);
    expect(relErr(flatGradients(withGrid), flatGradients(exact))).toBeLessThan(1e-8);
    expect(relErr(flatGradients(withStep), flatGradients(exact))).toBeLessThan(1e-8);
    expect(be.memory().bytes).toBe(0);
  });
});
