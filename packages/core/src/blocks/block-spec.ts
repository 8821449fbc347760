/** Activation functions a block layer can apply elementwise. */
export type ActivationName = 'tanh' | 'relu' | 'softplus' | 'sigmoid' | 'identity';

/** Every {@link ActivationName}, for validation and documentation. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['tanh', 'relu', 'softplus', 'sigmoid', 'identity'];

/**
 * Elementwise transform applied to the state before the first layer (the time input, when present, is
 * appended after the transform and is never transformed). `cube` is the spiral task's MLP(y³).
 */
export type InputTransformName = 'none' | 'square' | 'cube';

/** Every {@link InputTransformName}, for validation and documentation. */
export const INPUT_TRANSFORM_NAMES: readonly InputTransformName[] = ['none', 'square', 'cube'];

/**
 * How the weight matrices are drawn. Fan-in and fan-out count the time input when the layer has one.
 * - `normal`: N(mean, std²) (torchdiffeq's ode_demo uses std 0.1).
 * - `uniform`: U(low, high).
 * - `glorot-uniform`: U(−l, l) with l = √(6 / (fanIn + fanOut)) (Keras' and tfjs' default).
 * - `glorot-normal`: N(0, 2 / (fanIn + fanOut)).
 * - `fan-in-uniform`: U(−1/√fanIn, 1/√fanIn) (PyTorch's nn.Linear default).
 */
export type WeightInitSpec =
  | { readonly kind: 'normal'; readonly std: number; readonly mean?: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'glorot-uniform' }
  | { readonly kind: 'glorot-normal' }
  | { readonly kind: 'fan-in-uniform' };

/**
 * How the bias vectors are drawn.
 * - `zeros`: all 0 (torchdiffeq's ode_demo).
 * - `constant`: all `value`.
 * - `normal`: N(mean, std²).
 * - `uniform`: U(low, high).
 * - `fan-in-uniform`: U(−1/√fanIn, 1/√fanIn) (PyTorch's nn.Linear default).
 */
export type BiasInitSpec =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'normal'; readonly std: number; readonly mean?: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'fan-in-uniform' };

/** Seeded initialisation of a block's parameters. */
export interface BlockInitSpec {
  /** Weight distribution (default `glorot-uniform`). */
  readonly weights?: WeightInitSpec;
  /** Bias distribution (default `zeros`). */
  readonly bias?: BiasInitSpec;
  /** Seed of the generator: an integer in [0, 2⁵³) (default 0). The same seed gives the same weights on every backend. */
  readonly seed?: number;
}

/**
 * A multilayer perceptron used as dynamics f(t, y): a stack of dense layers
 * hₗ = actₗ(hₗ₋₁·Wₗ + bₗ), with h₀ = transform(y) (and t appended when `timeInput` is set).
 * Plain data: it survives `JSON.stringify`/`JSON.parse` unchanged.
 *
 * @example
 * ```ts
 * // torchdiffeq's ode_demo: f(t, y) = Linear(50→2)(tanh(Linear(2→50)(y³)))
 * const spiral: MlpBlockSpec = {
 *   kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
 *   init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed: 0 },
 * };
 * ```
 */
export interface MlpBlockSpec {
  /** Discriminator. */
  readonly kind: 'mlp';
  /** Size n of the state y (the last axis of a batched state [B, n]). */
  readonly inputSize: number;
  /** Output width of every dense layer, in order; the last one is the output size (n, for dynamics). */
  readonly widths: readonly number[];
  /** Activation of the hidden layers: one for all, or one per hidden layer (widths.length − 1 entries). */
  readonly activation: ActivationName | readonly ActivationName[];
  /** Activation of the output layer (default `identity`). */
  readonly outputActivation?: ActivationName;
  /** Append t as an extra input of the first layer (default false). */
  readonly timeInput?: boolean;
  /** Transform of y before the first layer (default `none`). */
  readonly inputTransform?: InputTransformName;
  /** Seeded initialisation (defaults: glorot-uniform weights, zero biases, seed 0). */
  readonly init?: BlockInitSpec;
  /** Optional name for messages. */
  readonly name?: string;
}

/** Every block kind odeflow can realise. */
export type BlockSpec = MlpBlockSpec;

/** An {@link MlpBlockSpec} after validation: every default filled in, activations one per layer. */
export interface ResolvedMlpBlockSpec {
  /** Discriminator. */
  readonly kind: 'mlp';
  /** Size n of the state. */
  readonly inputSize: number;
  /** Output width of every dense layer. */
  readonly widths: readonly number[];
  /** Activation of every layer, the output layer's last. */
  readonly activations: readonly ActivationName[];
  /** Whether t is an extra input of the first layer. */
  readonly timeInput: boolean;
  /** Transform of y before the first layer. */
  readonly inputTransform: InputTransformName;
  /** Weight distribution. */
  readonly weights: WeightInitSpec;
  /** Bias distribution. */
  readonly bias: BiasInitSpec;
  /** Generator seed. */
  readonly seed: number;
  /** Name for messages. */
  readonly name: string;
}
