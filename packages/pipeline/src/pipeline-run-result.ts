import type { Container, ContainerModule } from 'inversify';
import type { ProgressReporter } from '@odeflow/core';

/** The choices of one run; each overrides the spec's experiment defaults and stage fields. */
export interface RunChoices {
  /** Backend name (default: the spec's experiment backend, else `js`). */
  readonly backend?: string;
  /** Solver name for every ODE stage (default: each stage's own, else `dopri5`). */
  readonly solver?: string;
  /** Sensitivity name for every ODE stage (default: each stage's own, else `adjoint`). */
  readonly sensitivity?: string;
  /** Seed of initial weights and minibatch sampling (default: the experiment's first seed, else the spec's, else 0). */
  readonly seed?: number;
  /** Iterations of every train stage (default: the experiment's, else each stage's). */
  readonly iterations?: number;
}

/** Where a run finds its strategies and data and writes its outputs. */
export interface RunPipelineOptions {
  /** Container resolving names (default: odeflow's, with {@link pipelineModule} and `modules`). */
  readonly container?: Container;
  /** Plugins loaded into the default container after odeflow's own modules. */
  readonly modules?: readonly ContainerModule[];
  /** Folder relative CSV paths are resolved against, and below which they may be read (default: working directory). */
  readonly baseDir?: string;
  /** Further folders CSV files may be read from (the CLI's `--allow-read DIR`); nothing else outside `baseDir` is read. */
  readonly allowRead?: readonly string[];
  /** Folder the sinks write into; without it sinks are skipped. */
  readonly outDir?: string;
  /** Receives training progress (default: silent). */
  readonly progress?: ProgressReporter;
}

/** The full-trajectory loss at one iteration. */
export interface LossRecord {
  /** Iteration (0: before training). */
  readonly iteration: number;
  /** Loss of the ODE stage's whole trajectory against the target. */
  readonly loss: number;
}

/** What one train stage did. */
export interface TrainingResult {
  /** Iterations run. */
  readonly iterations: number;
  /** The loss on the full trajectory at iteration 0, every `evalEvery` iterations and at the end. */
  readonly history: LossRecord[];
  /** The last entry of the history. */
  readonly finalLoss: number;
  /** Mean wall time of one iteration, ms. */
  readonly msPerIteration: number;
  /** Mean forward f evaluations per iteration. */
  readonly nfeForward: number;
  /** Mean backward evaluations per iteration. */
  readonly nfeBackward: number;
  /** Largest peak bytes a gradient held. */
  readonly peakBytes: number;
}

/** Cost of an ODE stage's final full-trajectory solve. */
export interface OdeResult {
  /** Solver used. */
  readonly solver: string;
  /** Sensitivity used for training. */
  readonly sensitivity: string;
  /** f evaluations. */
  readonly nfe: number;
  /** Accepted steps. */
  readonly accepted: number;
  /** Rejected steps. */
  readonly rejected: number;
  /** How the solve ended. */
  readonly status: string;
}

/** The outcome of one run of a pipeline. */
export interface PipelineRunResult {
  /** Pipeline name. */
  readonly pipeline: string;
  /** Registered name of the backend used. */
  readonly backend: string;
  /** Solver of the run (the override, else the first ODE stage's). */
  readonly solver: string;
  /** Sensitivity of the run (the override, else the first ODE stage's). */
  readonly sensitivity: string;
  /** Seed used. */
  readonly seed: number;
  /** Metric values by metric stage id. */
  readonly metrics: Record<string, number>;
  /** Training results by train stage id. */
  readonly training: Record<string, TrainingResult>;
  /** Final solves by ODE stage id. */
  readonly odes: Record<string, OdeResult>;
  /** Wall time of the whole run, ms. */
  readonly wallMs: number;
  /** Files the sinks wrote (absolute paths). */
  readonly files: string[];
}
