import { OdeflowError } from '@odeflow/core';
import { ACTIVATION_NAMES, activation } from './activations.js';
import type { ActivationName, ResolvedMlpBlockSpec } from './block-spec.js';
import { INPUT_TRANSFORM_POWERS } from './input-transforms.js';
import type { MlpLayout } from './mlp-layout.js';

/** An activation the fused wasm MLP kernels implement (every {@link ActivationName}, with the same definitions). */
export type WasmMlpActivation = ActivationName;

/** One dense layer of a {@link WasmMlpPlan}. */
export interface WasmMlpLayerPlan {
  /** Width of the layer's input. */
  readonly inputs: number;
  /** Width of the layer's output. */
  readonly outputs: number;
  /** Activation applied to the layer's output. */
  readonly activation: WasmMlpActivation;
  /** Whether the layer adds t·w_t (a time-weight row [outputs]) to its pre-activation. */
  readonly timeWeight: boolean;
}

/**
 * The shape of an MLP block f(t, y) = MLP(t, y^power) for `WasmMlpProgram`. Parameters come per layer
 * in the order of mlpLayout: weight [inputs, outputs], then the time-weight row [outputs] if any,
 * then the bias [outputs].
 */
export interface WasmMlpPlan {
  /** Size of the state (the first layer's inputs and the last layer's outputs). */
  readonly inputSize: number;
  /** The input transform y ↦ y^power applied before the first layer. */
  readonly power: 1 | 2 | 3;
  /** The dense layers in order. */
  readonly layers: readonly WasmMlpLayerPlan[];
}

/** The plan of a validated MLP spec laid out as `layout` (what the js and tfjs fused realisations run). */
export function wasmMlpPlan(spec: ResolvedMlpBlockSpec, layout: MlpLayout): WasmMlpPlan {
  return {
    inputSize: spec.inputSize,
    power: INPUT_TRANSFORM_POWERS[spec.inputTransform],
    layers: layout.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, activation: l.activation, timeWeight: l.timeWeight >= 0 })),
  };
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/**
 * Check a plan that may come from anywhere.
 * @throws OdeflowError `INVALID_SPEC` naming the first problem
 * @internal
 */
export function validateWasmMlpPlan(plan: WasmMlpPlan): void {
  const bad = (why: string): never => {
    throw new OdeflowError('INVALID_SPEC', `WasmMlpProgram: ${why}.`);
  };
  if (!isPositiveInteger(plan.inputSize)) bad(`inputSize must be a positive integer, got ${plan.inputSize}`);
  if (plan.power !== 1 && plan.power !== 2 && plan.power !== 3) bad(`power must be 1, 2 or 3, got ${plan.power}`);
  if (!Array.isArray(plan.layers) || plan.layers.length === 0) bad('needs at least one layer');
  let inputs = plan.inputSize;
  plan.layers.forEach((layer, l) => {
    if (!isPositiveInteger(layer.outputs)) bad(`layer ${l}: outputs must be a positive integer, got ${layer.outputs}`);
    if (layer.inputs !== inputs) bad(`layer ${l} takes ${layer.inputs} inputs, but its input has ${inputs}`);
    if (activation(layer.activation) === undefined) bad(`layer ${l}: unknown activation '${String(layer.activation)}' (use ${ACTIVATION_NAMES.join(', ')})`);
    inputs = layer.outputs;
  });
  if (inputs !== plan.inputSize) bad(`the last layer has ${inputs} outputs, the state ${plan.inputSize}: f must map the state to its own size`);
}

/** Whether batch × inputSize values is what y holds. @internal */
export function isWholeBatch(y: ArrayLike<number>, batch: number, inputSize: number): boolean {
  return isPositiveInteger(batch) && y.length === batch * inputSize;
}
