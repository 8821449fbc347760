import { OdeflowError } from '@odeflow/core';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { validateBlockSpec } from './validate-block-spec.js';

/**
 * Check a spec handed to a realisation's constructor (or `mlpLayout`) directly, which takes the resolved form that
 * `validateBlockSpec` returns: INVALID_ARGUMENT when it is not that form at all, INVALID_SPEC naming the first bad field
 * (limits included) when a field is wrong. Returns the spec validated afresh, which is what the caller should use.
 * @param spec - the candidate resolved spec
 * @param owner - the class or function taking it, for messages
 */
export function resolvedBlockSpec(spec: unknown, owner: string): ResolvedMlpBlockSpec {
  const s = spec as Partial<Record<keyof ResolvedMlpBlockSpec, unknown>> | null;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.activations) || s.activations.length === 0) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${owner}: expected a resolved block spec (what validateBlockSpec(spec) returns: activations one per layer, every default filled in); ` +
        'or realise a plain spec with realiseBlock(spec, backend).',
    );
  }
  const activations = s.activations as unknown[];
  return validateBlockSpec(
    {
      kind: s.kind,
      inputSize: s.inputSize,
      widths: s.widths,
      activation: activations.slice(0, -1),
      outputActivation: activations[activations.length - 1],
      timeInput: s.timeInput,
      inputTransform: s.inputTransform,
      init: { weights: s.weights, bias: s.bias, seed: s.seed },
      name: s.name,
    },
    `${owner}(spec)`,
  );
}

/**
 * INVALID_SPEC unless the spec's output width equals its input size, as dynamics need (they map a state to its
 * derivative).
 */
export function requireDynamicsWidths(spec: ResolvedMlpBlockSpec, path = 'block'): void {
  const last = spec.widths.length - 1;
  if (spec.widths[last] !== spec.inputSize) {
    throw new OdeflowError(
      'INVALID_SPEC',
      `${path}.widths[${last}]: expected ${spec.inputSize} (dynamics must map a state of size inputSize to its derivative), got ${spec.widths[last]}.`,
      { path: `${path}.widths[${last}]`, expected: spec.inputSize, received: spec.widths[last] },
    );
  }
}
