import { describe, expect, it } from 'vitest';
import { isOdeflowError, JsBackend, type Gradients, type JsTensor, type SensitivityContext } from '@odeflow/core';
import { SensitivityScaffold, type DifferentiableProblem, type ForwardOptions, type SensitivityPass, type UncheckedOptions } from '@odeflow/adjoint';
import { context, sensitivity, solver } from './helpers/harness.js';
import { linearDynamics } from './helpers/dynamics.js';

interface ScaleOptions {
  readonly scale?: number;
}

// A toy sensitivity written on the public scaffold: its "gradient" is scale·∂L/∂y(t_N), enough to see the
// scaffold's checks, counters and release calls around a pass of one's own.
class ScaleSensitivity extends SensitivityScaffold<ScaleOptions> {
  readonly name = 'scale';
  readonly optionKeys = ['scale'] as const;
  releases = 0;
  protected prepare<T>(
    problem: DifferentiableProblem<T>,
    ctx: SensitivityContext<T, ForwardOptions, ScaleOptions>,
    options: UncheckedOptions<ScaleOptions>,
  ): SensitivityPass<T> {
    const scale = typeof options.scale === 'number' ? options.scale : 1;
    return {
      stepsForward: (solution) => solution.stats.accepted,
      release: () => {
        this.releases++;
      },
      backward: (forward, cotangents): Gradients<T> => {
        forward.dynamics.f(0, problem.y0, problem.params); // one counted backward evaluation
        const b = ctx.backend;
        return { y0: b.lincomb([scale], [cotangents[cotangents.length - 1]]), params: problem.params.map((p) => b.zeros(b.shape(p))), ts: problem.ts.map(() => 0) };
      },
    };
  }
}

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OdeflowError');
}

describe('SensitivityScaffold: the forward solve, stats and guards every sensitivity shares', () => {
  const be = new JsBackend();
  const A = be.fromArray([0, 1, -1, 0], [2, 2]);
  const problem = () => ({ dynamics: linearDynamics(be), y0: be.fromArray([1, 0]), ts: [0, 0.5, 1], params: [A] });

  it('a sensitivity of ones own gets option-key refusal, the VJP check, counters, once-only backward and release', () => {
    const s = new ScaleSensitivity();
    const ctx: SensitivityContext<JsTensor, ForwardOptions, ScaleOptions> = { ...context(be), sensitivityOptions: { scale: 3 } };
    const bad = codeOf(() => s.run(problem(), { ...context(be), sensitivityOptions: { scael: 3 } as ScaleOptions }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toContain('Valid options: scale');
    expect(codeOf(() => s.run({ ...problem(), dynamics: { name: 'plain', f: (_t: number, y: JsTensor) => be.clone(y) } }, ctx)).code).toBe('NO_VJP');
    const run = s.run(problem(), ctx);
    expect(run.stats.nfeForward).toBeGreaterThan(0);
    expect(run.stats.stepsForward).toBe(run.solution.stats.accepted);
    const cot = [be.zeros([2]), be.zeros([2]), be.fromArray([1, 2])];
    expect(codeOf(() => run.backward([be.zeros([3])])).code).toBe('SHAPE_MISMATCH');
    const g = run.backward(cot);
    expect(g.y0.toArray()).toEqual([3, 6]);
    expect(run.stats.nfeBackward).toBe(1);
    expect(s.releases).toBe(1);
    expect(codeOf(() => run.backward(cot)).code).toBe('INVALID_ARGUMENT');
    run.dispose();
    expect(s.releases).toBe(2);
    be.dispose([...cot, g.y0, ...g.params, ...run.solution.ys]);
  });

  it('a forward solve that throws releases what the checkpointed sensitivity had recorded', () => {
    const before = be.memory().bytes;
    const inner = linearDynamics(be);
    let calls = 0;
    const failing = { ...inner, name: 'fails', f: (t: number, y: JsTensor, p: readonly JsTensor[]) => {
      if (++calls > 60) throw new Error('f gave up');
      return inner.f(t, y, p);
    } };
    const y0 = be.fromArray([1, 0]);
    const ts = Array.from({ length: 11 }, (_, i) => i);
    expect(() => sensitivity('checkpointed').run({ dynamics: failing, y0, ts, params: [A] }, context(be, 'dopri5', { rtol: 1e-8, atol: 1e-10 }, { checkpointEvery: 1 }))).toThrow(/f gave up/);
    be.dispose(y0);
    expect(be.memory().bytes).toBe(before);
  });

  it('the registered sensitivities are scaffolds', () => {
    for (const name of ['direct', 'adjoint', 'checkpointed']) expect(sensitivity(name)).toBeInstanceOf(SensitivityScaffold);
    expect(solver('dopri5').name).toBe('dopri5');
  });
});
