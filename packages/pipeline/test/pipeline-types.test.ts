// Type-level tests of the pipeline builder: every `@ts-expect-error` below must be an error, which
// `npx tsc -p tsconfig.test.json` checks (an unused `@ts-expect-error` is itself an error). Vitest runs the
// same code to show that the lines TypeScript accepts also build valid specs.
import { describe, expect, it } from 'vitest';
import { isOdeflowError } from 'odeflow';
import { pipeline } from 'odeflow/node';

const mlp = { kind: 'mlp', inputSize: 2, widths: [4, 2], activation: 'tanh' } as const;

describe('pipeline builder types', () => {
  it('accepts correct wiring and rejects wrong wiring at compile time', () => {
    const base = pipeline('types').spiral('data', { points: 20, tEnd: 2 }).block('f', mlp);
    const ok = base.ode('model', { dynamics: 'f', data: 'data' }).loss('loss', { prediction: 'model', target: 'data' });
    expect(ok.build().spec.stages).toHaveLength(4);

    // @ts-expect-error: 'data' is a data source, not a block: an ODE's dynamics must be a block stage
    base.ode('bad1', { dynamics: 'data', data: 'data' });
    // @ts-expect-error: 'g' was never declared
    base.ode('bad2', { dynamics: 'g', data: 'data' });
    // @ts-expect-error: a loss predicts with an ODE stage, not a block
    ok.loss('bad3', { prediction: 'f', target: 'data' });
    // @ts-expect-error: a train stage needs a loss stage
    ok.train('bad4', { loss: 'model', iterations: 1 });
    // @ts-expect-error: the id 'data' is already declared
    ok.pendulum('data', { points: 10, tEnd: 1 });
    // @ts-expect-error: a checkpoint saves a block
    ok.checkpoint('bad5', { file: 'w.json', block: 'loss' });
    // @ts-expect-error: plots show data stages only
    ok.svg('bad6', { file: 'p.svg', inputs: ['data', 'loss'] });
    // @ts-expect-error: the memory comparison needs an ODE stage
    ok.compareMemory({ ode: 'f', horizons: [1] });
    // @ts-expect-error: rtol is a number
    base.ode('bad7', { dynamics: 'f', data: 'data', rtol: '1e-6' });
    // @ts-expect-error: unknown loss function
    ok.loss('bad8', { prediction: 'model', target: 'data', loss: 'huber' });

    // What TypeScript cannot see (a wiring built from untyped strings) the validator still refuses.
    const untyped = 'data' as string as 'f';
    try {
      base.ode('model', { dynamics: untyped, data: 'data' }).build();
      expect.unreachable();
    } catch (e) {
      expect(isOdeflowError(e, 'INVALID_SPEC')).toBe(true);
      expect((e as Error).message).toMatch(/stages\[2\]\.dynamics: the id of a block stage; "data" is a spiral stage/);
    }
  });
});
