import { OdeflowError } from '@odeflow/core';
import { ACTIVATION_NAMES } from './activations.js';
import { BLOCK_LIMITS } from './block-limits.js';
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

/** A plain object: not an array, not a class instance, and no prototype smuggled in with a `__proto__` key. */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function limit(path: string, what: string, max: number, received: number): never {
  throw new OdeflowError('INVALID_SPEC', `${path}: ${what} at most ${max.toLocaleString('en-US')} (BLOCK_LIMITS), got ${received.toLocaleString('en-US')}.`, {
    path,
    expected: `${what} at most ${max}`,
    received,
    limit: max,
  });
}

function width(v: unknown, path: string): number {
  const w = positiveInteger(v, path);
  if (w > BLOCK_LIMITS.maxWidth) limit(path, 'a width', BLOCK_LIMITS.maxWidth, w);
  return w;
}

/** The widths, each checked, and the total parameter count against its limit, before anything is allocated. */
function widthsOf(v: unknown, path: string, inputSize: number, timeInput: boolean): number[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'a non-empty array of positive integers (one per dense layer)', v);
  if (v.length > BLOCK_LIMITS.maxLayers) limit(path, 'a number of layers', BLOCK_LIMITS.maxLayers, v.length);
  const widths: number[] = [];
  let inputs = inputSize;
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    const w = width(v[i], `${path}[${i}]`);
    count += (inputs + 1 + (i === 0 && timeInput ? 1 : 0)) * w;
    widths.push(w);
    inputs = w;
  }
  if (count > BLOCK_LIMITS.maxParameters) limit(path, 'a total parameter count', BLOCK_LIMITS.maxParameters, count);
  return widths;
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

/** `mlp(2→50→2)`, shortened to `mlp(2→…→2, 40 layers)` where that would pass BLOCK_LIMITS.maxNameLength. */
function defaultName(inputSize: number, widths: readonly number[]): string {
  const full = `mlp(${[inputSize, ...widths].join('→')})`;
  return full.length <= BLOCK_LIMITS.maxNameLength ? full : `mlp(${inputSize}→…→${widths[widths.length - 1]}, ${widths.length} layers)`;
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
  const inputSize = width(s.inputSize, `${path}.inputSize`);
  if (s.timeInput !== undefined && typeof s.timeInput !== 'boolean') fail(`${path}.timeInput`, 'a boolean', s.timeInput);
  const widths = widthsOf(s.widths, `${path}.widths`, inputSize, s.timeInput === true);
  const hidden = widths.length - 1;

  let hiddenActivations: ActivationName[];
  if (Array.isArray(s.activation)) {
    if (s.activation.length !== hidden) {
      fail(`${path}.activation`, `one activation for all hidden layers or an array of ${hidden} (one per hidden layer)`, s.activation);
    }
    hiddenActivations = [];
    for (let i = 0; i < hidden; i++) hiddenActivations.push(oneOf(s.activation[i], `${path}.activation[${i}]`, ACTIVATION_NAMES));
  } else {
    const a = s.activation === undefined && hidden === 0 ? 'identity' : oneOf(s.activation, `${path}.activation`, ACTIVATION_NAMES);
    hiddenActivations = new Array<ActivationName>(hidden).fill(a);
  }
  const outputActivation =
    s.outputActivation === undefined ? 'identity' : oneOf(s.outputActivation, `${path}.outputActivation`, ACTIVATION_NAMES);

  const inputTransform: InputTransformName =
    s.inputTransform === undefined ? 'none' : oneOf(s.inputTransform, `${path}.inputTransform`, INPUT_TRANSFORM_NAMES);
  if (s.name !== undefined && typeof s.name !== 'string') fail(`${path}.name`, 'a string', s.name);
  if (typeof s.name === 'string' && s.name.length > BLOCK_LIMITS.maxNameLength) limit(`${path}.name`, 'a length', BLOCK_LIMITS.maxNameLength, s.name.length);

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
    name: typeof s.name === 'string' ? s.name : defaultName(inputSize, widths),
  };
}
