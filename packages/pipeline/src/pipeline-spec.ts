/**
 * The pipeline spec: plain JSON data declaring a dataflow of stages. Stages name each other by `id`;
 * the schema ({@link pipelineSchema}) and the graph checks ({@link validatePipeline}) guarantee that every
 * reference points to an earlier-runnable stage of the right category before anything runs.
 */

/** The spec format version this code reads and writes. */
export const PIPELINE_SPEC_VERSION = 1;

/** Fields every stage has. */
export interface StageBase {
  /** Unique name of the stage; other stages reference it by this id. */
  readonly id: string;
}

/** Built-in generator: the spiral of torchdiffeq's ode_demo, dy/dt = (y³)·A, solved by dopri5. */
export interface SpiralSourceSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'spiral';
  /** Number of samples (≥ 2). */
  readonly points: number;
  /** Final time; samples are equally spaced on [0, tEnd]. */
  readonly tEnd: number;
  /** Initial state (2 values; default [2, 0]). */
  readonly y0?: readonly number[];
  /** The 2×2 matrix A (default [[-0.1, 2], [-2, -0.1]]). */
  readonly matrix?: readonly (readonly number[])[];
}

/** Built-in generator: the damped pendulum θ'' = −b·θ' − c·sin θ, state [θ, θ'], solved by dopri5. */
export interface PendulumSourceSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'pendulum';
  /** Number of samples (≥ 2). */
  readonly points: number;
  /** Final time; samples are equally spaced on [0, tEnd]. */
  readonly tEnd: number;
  /** Damping b (default 0.25). */
  readonly damping?: number;
  /** Stiffness c (default 5). */
  readonly stiffness?: number;
  /** Initial state [θ, θ'] (default [π − 0.1, 0]). */
  readonly y0?: readonly number[];
}

/** Inline data: sample times and one state row per time. */
export interface ArraySourceSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'array';
  /** Strictly increasing sample times. */
  readonly ts: readonly number[];
  /** One row of state values per sample time; every row has the same length. */
  readonly ys: readonly (readonly number[])[];
}

/** Data read from a CSV file with a header row: one time column and state columns. */
export interface CsvSourceSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'csv';
  /** Path of the file, relative to the spec file's folder (or absolute). */
  readonly path: string;
  /** Header of the time column (default `t`). */
  readonly timeColumn?: string;
  /** Headers of the state columns (default: every other column, in file order). */
  readonly columns?: readonly string[];
}

/** A block's own JSON spec: `kind` names a registered block kind; the other fields are that kind's. */
export interface BlockSpecData {
  /** Registered block kind, e.g. `mlp`. */
  readonly kind: string;
  /** Fields of that kind (for `mlp`: inputSize, widths, activation, inputTransform, init...). */
  readonly [field: string]: unknown;
}

/**
 * A neural block. `block` is the block's own JSON spec (e.g. `{ "kind": "mlp", ... }`); its `kind` names a
 * block kind registered in the container, so plugins can add their own.
 */
export interface BlockStageSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'block';
  /** The block spec; `kind` selects the registered block kind, the other fields are that kind's. */
  readonly block: BlockSpecData;
  /** Seed of the initial weights (default: the run's seed). */
  readonly seed?: number;
}

/** `points` equally spaced times on [start, end]. */
export interface TimeGridSpec {
  /** First time. */
  readonly start: number;
  /** Last time (≠ start). */
  readonly end: number;
  /** Number of times (≥ 2). */
  readonly points: number;
}

/** Integration times: an explicit list, or an equally spaced grid. */
export type TimesSpec = readonly number[] | TimeGridSpec;

/**
 * An ODE stage: dy/dt = f(t, y, θ) with f a block, integrated over the data's times (from its first state)
 * or over explicit `times` from `y0`.
 */
export interface OdeStageSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'ode';
  /** Id of the block stage giving the dynamics. */
  readonly dynamics: string;
  /** Id of a data stage (source or ODE) whose first state and times this ODE uses. */
  readonly data?: string;
  /** Initial state (instead of `data`, with `times`). */
  readonly y0?: readonly number[];
  /** Integration times (instead of `data`'s). */
  readonly times?: TimesSpec;
  /** Registered solver name (default `dopri5`). */
  readonly solver?: string;
  /** Relative tolerance (> 0). */
  readonly rtol?: number;
  /** Absolute tolerance (> 0). */
  readonly atol?: number;
  /** Registered sensitivity name (default `adjoint`). */
  readonly sensitivity?: string;
  /** Further integration options passed to the solver loop (e.g. `maxSteps`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Options of the sensitivity (e.g. `norm`, `adjointRtol`). */
  readonly sensitivityOptions?: Readonly<Record<string, unknown>>;
}

/** Pointwise loss functions. */
export type LossFunction = 'mse' | 'mae';

/** A loss between an ODE stage's trajectory and a data stage's. */
export interface LossStageSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'loss';
  /** Loss function (default `mae`). */
  readonly loss?: LossFunction;
  /** Id of the ODE stage whose trajectory is scored. */
  readonly prediction: string;
  /** Id of the data stage holding the target. */
  readonly target: string;
}

/**
 * An optimizer kind registered under `TRAIN_TOKENS.Optimizer`: the built-in `sgd`, `adam`, `rmsprop`, or one a
 * plugin binds (its factory receives `{ kind, learningRate }`).
 */
export type OptimizerName = 'sgd' | 'adam' | 'rmsprop' | (string & {});

/** Fits the parameters of the blocks behind a loss by gradient descent on minibatches of time windows. */
export interface TrainStageSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'train';
  /** Id of the loss stage to minimise. */
  readonly loss: string;
  /** Optimizer (default `rmsprop`). */
  readonly optimizer?: OptimizerName;
  /** Learning rate (> 0, default 1e-3). */
  readonly learningRate?: number;
  /** Iterations (≥ 0). */
  readonly iterations: number;
  /** Windows per minibatch (default 20). */
  readonly batchSize?: number;
  /** Consecutive samples per window (≥ 2, default 10). */
  readonly batchLength?: number;
  /** Record the loss every this many iterations (default 20). */
  readonly evalEvery?: number;
}

/** Metric functions. */
export type MetricFunction = 'mae' | 'mse' | 'rmse' | 'max-abs';

/** A number computed after the run: the error of a trajectory against a target. */
export interface MetricStageSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'metric';
  /** Metric function. */
  readonly metric: MetricFunction;
  /** Id of the data stage scored (usually an ODE stage). */
  readonly prediction: string;
  /** Id of the data stage holding the target. */
  readonly target: string;
}

/** Writes the run's results (metrics, training history, stats) as JSON. */
export interface JsonSinkSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'json';
  /** Output file name inside the output folder. */
  readonly file: string;
  /** Ids of the stages whose results are written (default: all metrics and train stages). */
  readonly inputs?: readonly string[];
}

/** Plots trajectories as an SVG: time series and, for 2-D states, the phase portrait. */
export interface SvgSinkSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'svg';
  /** Output file name inside the output folder. */
  readonly file: string;
  /** Ids of the data stages plotted (sources or ODE stages). */
  readonly inputs: readonly string[];
  /** Plot title. */
  readonly title?: string;
}

/** Saves a block's trained parameters as JSON. */
export interface CheckpointSinkSpec extends StageBase {
  /** Stage kind. */
  readonly kind: 'checkpoint';
  /** Output file name inside the output folder. */
  readonly file: string;
  /** Id of the block stage whose parameters are saved. */
  readonly block: string;
}

/** Every stage kind. */
export type StageSpec =
  | SpiralSourceSpec
  | PendulumSourceSpec
  | ArraySourceSpec
  | CsvSourceSpec
  | BlockStageSpec
  | OdeStageSpec
  | LossStageSpec
  | TrainStageSpec
  | MetricStageSpec
  | JsonSinkSpec
  | SvgSinkSpec
  | CheckpointSinkSpec;

/** The kind names of stages. */
export type StageKind = StageSpec['kind'];

/** Grid of choices a sweep runs; each run is one combination. */
export interface SweepSpec {
  /** Backend names. */
  readonly backend?: readonly string[];
  /** Solver names. */
  readonly solver?: readonly string[];
  /** Sensitivity names. */
  readonly sensitivity?: readonly string[];
}

/**
 * Defaults of an experiment run from this spec. `solver` and `sensitivity` override every ODE stage's;
 * `iterations` overrides every train stage's.
 */
export interface ExperimentDefaultsSpec {
  /** Backend name (default `js`). */
  readonly backend?: string;
  /** Solver name for every ODE stage. */
  readonly solver?: string;
  /** Sensitivity name for every ODE stage. */
  readonly sensitivity?: string;
  /** One run per seed (default [0]). */
  readonly seeds?: readonly number[];
  /** Training iterations for every train stage. */
  readonly iterations?: number;
  /** A grid of choices; the run covers every combination. */
  readonly sweep?: SweepSpec;
}

/** Setup of `odeflow compare-memory`: sensitivities against integration length. */
export interface CompareMemorySpec {
  /** Id of the ODE stage whose problem is compared. */
  readonly ode: string;
  /** Sensitivity names (default: direct, adjoint, checkpointed). */
  readonly methods?: readonly string[];
  /** Integration lengths (final times, > 0, increasing). */
  readonly horizons: readonly number[];
}

/** A whole pipeline. */
export interface PipelineSpec {
  /** Spec format version; always {@link PIPELINE_SPEC_VERSION}. */
  readonly version: 1;
  /** Name of the pipeline (used in results). */
  readonly name: string;
  /** Free text. */
  readonly description?: string;
  /** Seed of the run when the experiment gives none (default 0). */
  readonly seed?: number;
  /** The stages, in any order; references decide the execution order. */
  readonly stages: readonly StageSpec[];
  /** Defaults of the experiment run from this spec. */
  readonly experiment?: ExperimentDefaultsSpec;
  /** Setup of the memory comparison. */
  readonly compareMemory?: CompareMemorySpec;
}
