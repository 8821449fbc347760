import { describe, expect, it } from 'vitest';
import { jacobianEvaluator, JsBackend, realiseBlock, type BlockSpec, type JsTensor, type RealisedBlock } from 'odeflow';

const js = new JsBackend();

function spec(extra: Partial<BlockSpec> = {}): BlockSpec {
  return { kind: 'mlp', inputSize: 3, widths: [16, 8, 3], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.5 }, seed: 7 }, ...extra } as BlockSpec;
}

/** ∂f/∂y by central differences of the block's own f (float64). */
function central(block: RealisedBlock<JsTensor>, t: number, y: number[], shape: number[]): Float64Array {
  const n = y.length;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6;
    const up = block.dynamics.f(t, js.fromArray(y.map((v, k) => (k === j ? v + h : v)), shape), block.params).data;
    const dn = block.dynamics.f(t, js.fromArray(y.map((v, k) => (k === j ? v - h : v)), shape), block.params).data;
    for (let i = 0; i < n; i++) out[i * n + j] = (up[i] - dn[i]) / (2 * h);
  }
  return out;
}

function expectClose(got: Float64Array, want: Float64Array): void {
  let scale = 0;
  want.forEach((v) => (scale = Math.max(scale, Math.abs(v))));
  got.forEach((v, k) => expect(Math.abs(v - want[k]), `entry ${k}`).toBeLessThan(1e-8 * scale + 1e-12));
}

describe('MLP blocks: the exact Jacobian ∂f/∂y for implicit methods', () => {
  const cases: [string, Partial<BlockSpec>][] = [
    ['tanh, three layers', {}],
    ['a time input (the Jacobian is w.r.t. the state only) and a cubed input', { timeInput: true, inputTransform: 'cube' } as Partial<BlockSpec>],
    ['softplus and relu-free smooth layers', { activation: 'softplus' } as Partial<BlockSpec>],
  ];
  it.each(cases)('typed-array realisation, %s: agrees with central differences', (_what, extra) => {
    const block = realiseBlock(spec(extra), js, { realisation: 'typed-array' });
    expect(block.dynamics.jacobian).toBeTypeOf('function');
    const y = [0.3, -0.8, 1.1];
    const out = new Float64Array(9).fill(NaN);
    block.dynamics.jacobian!(0.7, js.fromArray(y), block.params, out);
    expectClose(out, central(block, 0.7, y, [3]));
    expect(jacobianEvaluator(js, block.dynamics, block.params, 3).source).toBe('jacobian');
  });

  it('a batch [2, n] gives the block-diagonal Jacobian', () => {
    const block = realiseBlock(spec({ timeInput: true } as Partial<BlockSpec>), js, { realisation: 'typed-array' });
    const y = [0.3, -0.8, 1.1, -0.2, 0.5, 0.9];
    const out = new Float64Array(36);
    block.dynamics.jacobian!(0.2, js.fromArray(y, [2, 3]), block.params, out);
    expectClose(out, central(block, 0.2, y, [2, 3]));
    expect(out[3]).toBe(0);
  });

  it('every js realisation gets an exact Jacobian through jacobianEvaluator (VJP rows where it has no dense one)', () => {
    const y = [0.3, -0.8, 1.1];
    const typed = realiseBlock(spec(), js, { realisation: 'typed-array' });
    const want = central(typed, 0, y, [3]);
    for (const realisation of ['typed-array', 'fused-kernel', 'backend-ops'] as const) {
      let block: RealisedBlock<JsTensor>;
      try {
        block = realiseBlock(spec(), js, { realisation });
      } catch {
        continue; // a realisation this build cannot run
      }
      const ev = jacobianEvaluator(js, block.dynamics, block.params, 3);
      expect(ev.source, realisation).not.toBe('finite-differences');
      const out = new Float64Array(9);
      ev.evaluate(0, js.fromArray(y), out);
      expectClose(out, want);
    }
  });
});
