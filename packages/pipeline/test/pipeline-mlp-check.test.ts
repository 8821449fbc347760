import { describe, expect, it } from 'vitest';
import { createContainer, isOdeflowError, type OdeflowError } from 'odeflow';
import { pipelineModule, validatePipeline } from 'odeflow/node';

// A bad MLP block is reported by validation (with a container), at its spec path, before anything runs.
function spec(block: Record<string, unknown>) {
  return {
    version: 1,
    name: 'mlp-check',
    stages: [
      { id: 'data', kind: 'spiral', points: 50, tEnd: 5 },
      { id: 'f', kind: 'block', block: { kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'tanh', ...block } },
      { id: 'model', kind: 'ode', dynamics: 'f', data: 'data' },
      { id: 'loss', kind: 'loss', loss: 'mae', prediction: 'model', target: 'data' },
    ],
  };
}

function issues(block: Record<string, unknown>): { path: string; expected: string }[] {
  try {
    validatePipeline(spec(block), { container: createContainer([pipelineModule]) });
  } catch (e) {
    expect(isOdeflowError(e, 'INVALID_SPEC')).toBe(true);
    return ((e as OdeflowError).details?.issues ?? []) as { path: string; expected: string }[];
  }
  return [];
}

describe('mlp blocks are checked when a pipeline validates', () => {
  it('accepts a valid block', () => {
    expect(issues({})).toEqual([]);
  });
  it('reports an unknown activation at its path', () => {
    const found = issues({ activation: 'gelu' });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('stages[1].block.activation');
    expect(found[0].expected).toMatch(/tanh/);
  });
  it('reports an output width that does not match the state', () => {
    const found = issues({ widths: [8, 3] });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('stages[1].block.widths[1]');
    expect(found[0].expected).toMatch(/inputSize \(2\)/);
  });
});
