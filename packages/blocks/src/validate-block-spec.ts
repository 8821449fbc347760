import { OdeflowError } from '@odeflow/core';
import { ACTIVATION_NAMES } from './activations.js';
import {
  INPUT_TRANSFORM_NAMES,
  type ActivationName,
  type BiasInitSpec,
  type InputTransformName,
  type ResolvedMlpBlockSpec,
  type WeightInitSpec,
} from './block-spec.js';

const MAX_SEED = 2 ** 53;

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? typeof v : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}

function fail(path: string, expected: string, received: unknown): never {
  throw new OdeflowError('INVALID_SPEC', `${path}: expected ${expected}, got ${describe(received)}.`, {
    path,
    expected,
    received,
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, path: string, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isRecord(v)) fail(path, what, v);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `no such field (allowed: ${allowed.join(', ')})`, v[key]);
  }
  return v;
}

function positiveInteger(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, 'a positive integer', v);
  return v;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'a finite number', v);
  return v;
}

function oneOf<N extends string>(v: unknown, path: string, names: readonly N[]): N {
  if (typeof v !== 'string' || !(names as readonly string[]).includes(v)) fail(path, `one of ${names.map((n) => `'${n}'`).join(', ')}`, v);
  return v as N;
}

function uniformBounds(o: Record<string, unknown>, path: string): { low: number; high: number } {
  const low = finite(o.low, `${path}.low`);
  const high = finite(o.high, `${path}.high`);
  if (!(high > low)) fail(`${path}.high`, `a number greater than low (${low})`, high);
  return { low, high };
}

function normalParams(o: Record<string, unknown>, path: string): { std: number; mean: number } {
  const std = finite(o.std, `${path}.std`);
  if (std < 0) fail(`${path}.std`, 'a non-negative number', std);
  const mean = o.mean === undefined ? 0 : finite(o.mean, `${path}.mean`);
  return { std, mean };
}

function weightInit(v: unknown, path: string): WeightInitSpec {
  if (v === undefined) return { kind: 'glorot-uniform' };
  const kinds = ['normal', 'uniform', 'glorot-uniform', 'glorot-normal', 'fan-in-uniform'] as const;
  if (!isRecord(v)) fail(path, `an object { kind: ${kinds.map((k) => `'${k}'`).join(' | ')}, ... }`, v);
  const kind = oneOf(v.kind, `${path}.kind`, kinds);
  switch (kind) {
    case 'normal': {
      const o = record(v, path, 'an object', ['kind', 'std', 'mean']);
      return { kind, ...normalParams(o, path) };
    }
    case 'uniform': {
      const o = record(v, path, 'an object', ['kind', 'low', 'high']);
      return { kind, ...uniformBounds(o, path) };
    }
    default:
      record(v, path, 'an object', ['kind']);
      return { kind };
  }
}

function biasInit(v: unknown, path: string): BiasInitSpec {
  if (v === undefined) return { kind: 'zeros' };
  const kinds = ['zeros', 'constant', 'normal', 'uniform', 'fan-in-uniform'] as const;
  if (!isRecord(v)) fail(path, `an object { kind: ${kinds.map((k) => `'${k}'`).join(' | ')}, ... }`, v);
  const kind = oneOf(v.kind, `${path}.kind`, kinds);
  switch (kind) {
    case 'constant': {
      const o = record(v, path, 'an object', ['kind', 'value']);
      return { kind, value: finite(o.value, `${path}.value`) };
    }
    case 'normal': {
      const o = record(v, path, 'an object', ['kind', 'std', 'mean']);
      return { kind, ...normalParams(o, path) };
    }
    case 'uniform': {
      const o = record(v, path, 'an object', ['kind', 'low', 'high']);
      return { kind, ...uniformBounds(o, path) };
    }
    default:
      record(v, path, 'an object', ['kind']);
      return { kind };
  }
}

/**
 * Check a block spec (typically parsed from JSON) and fill in its defaults.
 *
 * @param spec - the candidate spec
 * @param path - where the spec sits in a larger document, for messages (default `block`)
 * @returns the spec with every default resolved and one activation per layer
 * @throws OdeflowError `INVALID_SPEC` naming the path of the first bad field and what was expected
 */
export function validateBlockSpec(spec: unknown, path = 'block'): ResolvedMlpBlockSpec {
  if (!isRecord(spec)) fail(path, "a block spec object such as { kind: 'mlp', inputSize, widths, activation }", spec);
  const kind = oneOf(spec.kind, `${path}.kind`, ['mlp'] as const);
  const s = record(spec, path, 'an object', [
    'kind',
    'inputSize',
    'widths',
    'activation',
    'outputActivation',
    'timeInput',
    'inputTransform',
    'init',
    'name',
  ]);
  const inputSize = positiveInteger(s.inputSize, `${path}.inputSize`);
  if (!Array.isArray(s.widths) || s.widths.length === 0) fail(`${path}.widths`, 'a non-empty array of positive integers (one per dense layer)', s.widths);
  const widths = s.widths.map((w, i) => positiveInteger(w, `${path}.widths[${i}]`));
  const hidden = widths.length - 1;

  let hiddenActivations: ActivationName[];
  if (Array.isArray(s.activation)) {
    if (s.activation.length !== hidden) {
      fail(`${path}.activation`, `one activation for all hidden layers or an array of ${hidden} (one per hidden layer)`, s.activation);
    }
    hiddenActivations = s.activation.map((a, i) => oneOf(a, `${path}.activation[${i}]`, ACTIVATION_NAMES));
  } else {
    const a = s.activation === undefined && hidden === 0 ? 'identity' : oneOf(s.activation, `${path}.activation`, ACTIVATION_NAMES);
    hiddenActivations = new Array<ActivationName>(hidden).fill(a);
  }
  const outputActivation =
    s.outputActivation === undefined ? 'identity' : oneOf(s.outputActivation, `${path}.outputActivation`, ACTIVATION_NAMES);

  if (s.timeInput !== undefined && typeof s.timeInput !== 'boolean') fail(`${path}.timeInput`, 'a boolean', s.timeInput);
  const inputTransform: InputTransformName =
    s.inputTransform === undefined ? 'none' : oneOf(s.inputTransform, `${path}.inputTransform`, INPUT_TRANSFORM_NAMES);
  if (s.name !== undefined && typeof s.name !== 'string') fail(`${path}.name`, 'a string', s.name);

  const init = s.init === undefined ? {} : record(s.init, `${path}.init`, 'an object { weights?, bias?, seed? }', ['weights', 'bias', 'seed']);
  let seed = 0;
  if (init.seed !== undefined) {
    if (typeof init.seed !== 'number' || !Number.isInteger(init.seed) || init.seed < 0 || init.seed >= MAX_SEED) {
      fail(`${path}.init.seed`, 'an integer in [0, 2^53)', init.seed);
    }
    seed = init.seed;
  }
  return {
    kind,
    inputSize,
    widths,
    activations: [...hiddenActivations, outputActivation],
    timeInput: s.timeInput === true,
    inputTransform,
    weights: weightInit(init.weights, `${path}.init.weights`),
    bias: biasInit(init.bias, `${path}.init.bias`),
    seed,
    name: typeof s.name === 'string' ? s.name : `mlp(${[inputSize, ...widths].join('→')})`,
  };
}
