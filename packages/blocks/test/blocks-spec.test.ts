import { describe, expect, it } from 'vitest';
import { isOdeflowError } from '@odeflow/core';
import { validateBlockSpec, type MlpBlockSpec } from '@odeflow/blocks';

const spiral: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [50, 2],
  activation: 'tanh',
  inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed: 7 },
};

function specError(spec: unknown): { path: unknown; message: string } {
  try {
    validateBlockSpec(spec);
  } catch (e) {
    if (isOdeflowError(e, 'INVALID_SPEC')) return { path: e.details?.path, message: e.message };
    throw e;
  }
  throw new Error('expected INVALID_SPEC');
}

describe('validateBlockSpec', () => {
  it('fills in defaults and expands one activation to every hidden layer', () => {
    const r = validateBlockSpec({ kind: 'mlp', inputSize: 3, widths: [8, 8, 3], activation: 'relu' });
    expect(r.activations).toEqual(['relu', 'relu', 'identity']);
    expect(r.timeInput).toBe(false);
    expect(r.inputTransform).toBe('none');
    expect(r.weights).toEqual({ kind: 'glorot-uniform' });
    expect(r.bias).toEqual({ kind: 'zeros' });
    expect(r.seed).toBe(0);
    expect(r.name).toBe('mlp(3→8→8→3)');
  });

  it('accepts per-layer activations and an output activation', () => {
    const r = validateBlockSpec({ kind: 'mlp', inputSize: 2, widths: [4, 5, 2], activation: ['softplus', 'sigmoid'], outputActivation: 'tanh' });
    expect(r.activations).toEqual(['softplus', 'sigmoid', 'tanh']);
  });

  it('survives a JSON round trip unchanged', () => {
    const copy = JSON.parse(JSON.stringify(spiral)) as unknown;
    expect(copy).toEqual(spiral);
    expect(validateBlockSpec(copy)).toEqual(validateBlockSpec(spiral));
  });

  it('names the path of the bad field and what was expected', () => {
    expect(specError({ ...spiral, widths: [50, -2] })).toMatchObject({ path: 'block.widths[1]' });
    expect(specError({ ...spiral, widths: [50, -2] }).message).toContain('positive integer');
    expect(specError({ ...spiral, activation: 'gelu' }).path).toBe('block.activation');
    expect(specError({ ...spiral, activation: 'gelu' }).message).toContain("'tanh'");
    expect(specError({ ...spiral, activation: ['tanh', 'tanh'] }).path).toBe('block.activation');
    expect(specError({ ...spiral, inputTransform: 'cubed' }).path).toBe('block.inputTransform');
    expect(specError({ ...spiral, timeInput: 'yes' }).path).toBe('block.timeInput');
    expect(specError({ ...spiral, init: { seed: -1 } }).path).toBe('block.init.seed');
    expect(specError({ ...spiral, init: { seed: 1.5 } }).path).toBe('block.init.seed');
    expect(specError({ ...spiral, init: { weights: { kind: 'normal' } } }).path).toBe('block.init.weights.std');
    expect(specError({ ...spiral, init: { weights: { kind: 'uniform', low: 1, high: 0 } } }).path).toBe('block.init.weights.high');
    expect(specError({ ...spiral, init: { bias: { kind: 'constant', value: Number.NaN } } }).path).toBe('block.init.bias.value');
    expect(specError({ ...spiral, widhts: [3] }).path).toBe('block.widhts');
    expect(specError({ ...spiral, kind: 'conv' }).path).toBe('block.kind');
    expect(specError({ ...spiral, inputSize: 0 }).path).toBe('block.inputSize');
    expect(specError(null).path).toBe('block');
  });
});
