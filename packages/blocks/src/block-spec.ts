/** Activation functions a block layer can apply elementwise (defined in `ACTIVATIONS`). */
export type ActivationName = 'tanh' | 'relu' | 'softplus' | 'sigmoid' | 'identity';

/**
 * Elementwise transform applied to the state before the first layer (the time input, when present, is
 * appended after the transform and is never transformed). `cube` is the spiral task's MLP(y³).
 */
export type InputTransformName = 'none' | 'square' | 'cube';

/** Every {@link InputTransformName}, for validation and documentation. */
export const INPUT_TRANSFORM_NAMES: readonly InputTransformName[] = ['none', 'square', 'cube'];

/** Draws from N(mean, std²). */
export interface NormalInitSpec {
  /** Discriminator. */
  readonly kind: 'normal';
  /** Standard deviation (≥ 0). */
  readonly std: number;
  /** Mean (default 0). */
  readonly mean?: number;
}

/** Draws from U(low, high). */
export interface UniformInitSpec {
  /** Discriminator. */
  readonly kind: 'uniform';
  /** Lower bound. */
  readonly low: number;
  /** Upper bound (> low). */
  readonly high: number;
}

/**
 * Glorot (Xavier) scaling by fan-in and fan-out: `glorot-uniform` draws U(−l, l) with
 * l = √(6 / (fanIn + fanOut)) (Keras' and tfjs' default); `glorot-normal` draws N(0, 2 / (fanIn + fanOut)).
 */
export interface GlorotInitSpec {
  /** Discriminator. */
  readonly kind: 'glorot-uniform' | 'glorot-normal';
}

/** Draws from U(−1/√fanIn, 1/√fanIn) (PyTorch's nn.Linear default, for weights and biases). */
export interface FanInUniformInitSpec {
  /** Discriminator. */
  readonly kind: 'fan-in-uniform';
}

/** All zeros (torchdiffeq's ode_demo biases). */
export interface ZerosInitSpec {
  /** Discriminator. */
  readonly kind: 'zeros';
}

/** Every entry `value`. */
export interface ConstantInitSpec {
  /** Discriminator. */
  readonly kind: 'constant';
  /** The value. */
  readonly value: number;
}

/**
 * How the weight matrices are drawn. Fan-in and fan-out count the time input when the layer has one.
 * torchdiffeq's ode_demo uses `{ kind: 'normal', std: 0.1 }`.
 */
export type WeightInitSpec = NormalInitSpec | UniformInitSpec | GlorotInitSpec | FanInUniformInitSpec;

/** How the bias vectors are drawn. */
export type BiasInitSpec = ZerosInitSpec | ConstantInitSpec | NormalInitSpec | UniformInitSpec | FanInUniformInitSpec;

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
