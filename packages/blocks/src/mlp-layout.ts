import type { ActivationName, ResolvedMlpBlockSpec } from './block-spec.js';
import { resolvedBlockSpec } from './resolved-block-spec.js';

/** One dense layer of an MLP and where its parameters sit in the block's parameter list. */
export interface MlpLayer {
  /** Width of the layer's input (the time input not included). */
  readonly inputs: number;
  /** Width of the layer's output. */
  readonly outputs: number;
  /** Activation applied to the layer's output. */
  readonly activation: ActivationName;
  /** Index of the weight matrix [inputs, outputs] in the parameter list. */
  readonly weight: number;
  /** Index of the time-weight row [outputs] (first layer with a time input), or −1. */
  readonly timeWeight: number;
  /** Index of the bias [outputs]. */
  readonly bias: number;
}

/** The parameter list of an MLP block: per layer its weight, its time-weight row if any, and its bias. */
export interface MlpLayout {
  /** The dense layers in order. */
  readonly layers: readonly MlpLayer[];
  /** Shape of every parameter tensor, in parameter order. */
  readonly paramShapes: readonly (readonly number[])[];
  /** Name of every parameter (`layers.0.weight`, `layers.0.timeWeight`, `layers.0.bias`, ...). */
  readonly paramNames: readonly string[];
  /** Total number of scalar parameters. */
  readonly parameterCount: number;
}

/**
 * The parameter layout of a validated MLP spec. The time input gets its own row vector instead of an
 * extra weight row so that every backend can realise it without slicing: h₁ = act(x·W + t·w_t + b).
 * @throws OdeflowError INVALID_ARGUMENT / INVALID_SPEC for a spec that is not a valid resolved one
 */
export function mlpLayout(resolved: ResolvedMlpBlockSpec): MlpLayout {
  const spec = resolvedBlockSpec(resolved, 'mlpLayout');
  const layers: MlpLayer[] = [];
  const paramShapes: number[][] = [];
  const paramNames: string[] = [];
  let inputs = spec.inputSize;
  spec.widths.forEach((outputs, l) => {
    const weight = paramShapes.length;
    paramShapes.push([inputs, outputs]);
    paramNames.push(`layers.${l}.weight`);
    let timeWeight = -1;
    if (l === 0 && spec.timeInput) {
      timeWeight = paramShapes.length;
      paramShapes.push([outputs]);
      paramNames.push(`layers.${l}.timeWeight`);
    }
    const bias = paramShapes.length;
    paramShapes.push([outputs]);
    paramNames.push(`layers.${l}.bias`);
    layers.push({ inputs, outputs, activation: spec.activations[l], weight, timeWeight, bias });
    inputs = outputs;
  });
  let parameterCount = 0;
  for (const s of paramShapes) parameterCount += s.reduce((a, b) => a * b, 1);
  return { layers, paramShapes, paramNames, parameterCount };
}
