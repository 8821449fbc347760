import type { TensorBackend } from '@odeflow/core';
import type { ActivationName } from './block-spec.js';
import { fastTanh } from './fast-tanh.js';

/**
 * Everything a realisation needs to know about one activation function: its value and derivative (the
 * definitions), the code the WebAssembly kernels know it by, the Float64Array loops of the typed-array
 * realisation and the backend ops of the `backend-ops` realisation. Every realisation reads {@link ACTIVATIONS};
 * adding an activation is one entry there (plus a case in the AssemblyScript kernels for its code).
 */
export interface ActivationDefinition {
  /** The name used in block specs. */
  readonly name: ActivationName;
  /** The code of the WebAssembly kernels' `activate`/`activateBackward` for this activation. */
  readonly kernelCode: number;
  /** act(x). */
  value(x: number): number;
  /** act'(z), given the pre-activation z and h = act(z). */
  derivative(z: number, h: number): number;
  /** True for the identity: the layer's output is its pre-activation (one buffer serves both). */
  readonly aliasesInput: boolean;
  /**
   * act' as a function of h = act(z) alone, where it is one (tanh: 1 − h², sigmoid: h(1 − h)). Layers with it
   * need not keep their pre-activations for the backward pass, so passes can share one scratch buffer.
   */
  readonly derivativeFromOutput?: (h: number) => number;
  /** h[i] = act(z[i]) for i < n (the typed-array kernels; nothing to do when {@link aliasesInput}). */
  forwardArray(z: Float64Array, h: Float64Array, n: number): void;
  /** g[i] ← g[i]·act'(z[i]) for i < n, from h where that is cheaper (the typed-array kernels). */
  backwardArray(z: Float64Array, h: Float64Array, g: Float64Array, n: number): void;
  /** act(z) in backend ops. */
  apply<T>(b: TensorBackend<T>, z: T): T;
  /**
   * g ⊙ act'(z) in backend ops (from h where cheaper); absent when the derivative has no backend op (relu's
   * step), so the `backend-ops` realisation differentiates such blocks with autodiff.
   */
  readonly timesDerivative?: <T>(b: TensorBackend<T>, g: T, z: T, h: T) => T;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function softplus(x: number): number {
  return x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x));
}

const tanh: ActivationDefinition = {
  name: 'tanh',
  kernelCode: 1,
  value: fastTanh,
  derivative: (_z, h) => 1 - h * h,
  aliasesInput: false,
  derivativeFromOutput: (h) => 1 - h * h,
  forwardArray(z, h, n) {
    for (let i = 0; i < n; i++) h[i] = fastTanh(z[i]);
  },
  backwardArray(_z, h, g, n) {
    for (let i = 0; i < n; i++) g[i] *= 1 - h[i] * h[i];
  },
  apply: (b, z) => b.tanh(z),
  timesDerivative: (b, g, _z, h) => b.sub(g, b.mul(g, b.mul(h, h))), // g·(1 − h²)
};

const relu: ActivationDefinition = {
  name: 'relu',
  kernelCode: 2,
  value: (x) => (x > 0 ? x : 0),
  derivative: (z) => (z > 0 ? 1 : 0),
  aliasesInput: false,
  forwardArray(z, h, n) {
    for (let i = 0; i < n; i++) h[i] = z[i] > 0 ? z[i] : 0;
  },
  backwardArray(z, _h, g, n) {
    for (let i = 0; i < n; i++) if (!(z[i] > 0)) g[i] = 0;
  },
  apply: (b, z) => b.relu(z),
};

const softplusDefinition: ActivationDefinition = {
  name: 'softplus',
  kernelCode: 4,
  value: softplus,
  derivative: (z) => sigmoid(z),
  aliasesInput: false,
  forwardArray(z, h, n) {
    for (let i = 0; i < n; i++) h[i] = softplus(z[i]);
  },
  backwardArray(z, _h, g, n) {
    for (let i = 0; i < n; i++) g[i] *= 1 / (1 + Math.exp(-z[i]));
  },
  apply: (b, z) => b.softplus(z),
  timesDerivative: (b, g, z) => b.mul(g, b.sigmoid(z)),
};

const sigmoidDefinition: ActivationDefinition = {
  name: 'sigmoid',
  kernelCode: 3,
  value: sigmoid,
  derivative: (_z, h) => h * (1 - h),
  aliasesInput: false,
  derivativeFromOutput: (h) => h * (1 - h),
  forwardArray(z, h, n) {
    for (let i = 0; i < n; i++) h[i] = 1 / (1 + Math.exp(-z[i]));
  },
  backwardArray(_z, h, g, n) {
    for (let i = 0; i < n; i++) g[i] *= h[i] * (1 - h[i]);
  },
  apply: (b, z) => b.sigmoid(z),
  timesDerivative: <T>(b: TensorBackend<T>, g: T, _z: T, h: T): T => {
    const gh = b.mul(g, h);
    return b.sub(gh, b.mul(gh, h)); // g·h·(1 − h)
  },
};

const identity: ActivationDefinition = {
  name: 'identity',
  kernelCode: 0,
  value: (x) => x,
  derivative: () => 1,
  aliasesInput: true,
  forwardArray() {},
  backwardArray() {},
  apply: (_b, z) => z,
  timesDerivative: (_b, g) => g,
};

/**
 * The activations a block layer can apply, by name, in the order specs and messages list them. The one place
 * activations are defined: validation, the typed-array, WebAssembly and backend-ops realisations and the tfjs
 * fused kernels all read it.
 */
export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationDefinition>> = {
  tanh,
  relu,
  softplus: softplusDefinition,
  sigmoid: sigmoidDefinition,
  identity,
};

/** Every {@link ActivationName}, for validation and documentation. */
export const ACTIVATION_NAMES: readonly ActivationName[] = Object.keys(ACTIVATIONS) as ActivationName[];

/** The definition of activation `name` (undefined for a name that is not one). */
export function activation(name: string): ActivationDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(ACTIVATIONS, name) ? ACTIVATIONS[name as ActivationName] : undefined;
}
