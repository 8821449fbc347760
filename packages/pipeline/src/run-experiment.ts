import { join } from 'node:path';
import { OdeflowError, type ProgressReporter } from '@odeflow/core';
import { Pipeline } from './pipeline.js';
import { PIPELINE_LIMITS } from './pipeline-limits.js';
import type { PipelineSpec, SweepSpec } from './pipeline-spec.js';
import { resultsToMarkdown, type ResultsRow } from './results-table.js';
import type { PipelineRunResult, RunPipelineOptions } from './pipeline-run-result.js';
import { createPipelineContainer, runPipeline } from './run-pipeline.js';
import { validatePipeline } from './validate-pipeline.js';

/**
 * An experiment: a pipeline plus the choices to run it with. Every field but `pipeline` overrides the spec's
 * own `experiment` defaults; swapping `dopri5`→`tsit5`, `js`→`wasm` or `adjoint`→`direct` is one field.
 */
export interface Experiment {
  /** The pipeline (built or read from JSON). */
  readonly pipeline: Pipeline | PipelineSpec;
  /** Backend name. */
  readonly backend?: string;
  /** Solver name for every ODE stage. */
  readonly solver?: string;
  /** Sensitivity name for every ODE stage. */
  readonly sensitivity?: string;
  /** One run per seed. */
  readonly seeds?: readonly number[];
  /** Iterations of every train stage. */
  readonly iterations?: number;
  /** A grid of choices: one run per combination (and per seed). */
  readonly sweep?: SweepSpec;
}

/** The runs of an experiment and their results table. */
export interface ExperimentResult {
  /** Pipeline name. */
  readonly pipeline: string;
  /** Every run, in grid order (backend, then solver, then sensitivity, then seed). */
  readonly runs: PipelineRunResult[];
  /** One row per run: its choices, metrics, final losses and costs. */
  readonly table: ResultsRow[];
}

/** One combination of a grid. */
export interface ExperimentRunChoice {
  /** Backend name. */
  readonly backend: string;
  /** Solver override (undefined: each stage's own). */
  readonly solver: string | undefined;
  /** Sensitivity override (undefined: each stage's own). */
  readonly sensitivity: string | undefined;
  /** Seed. */
  readonly seed: number;
}

/**
 * The combinations an experiment runs: backend × solver × sensitivity × seed. On each axis the experiment's
 * sweep list, else its single choice, else the spec's sweep list, else the spec's single choice is used.
 */
export function experimentGrid(experiment: Experiment): ExperimentRunChoice[] {
  const spec = experiment.pipeline instanceof Pipeline ? experiment.pipeline.spec : experiment.pipeline;
  const d = spec.experiment ?? {};
  // Per axis, the experiment's own choice (a sweep list, else one name) beats the spec's defaults.
  const axis = <V>(sweepE: readonly V[] | undefined, oneE: V | undefined, sweepD: readonly V[] | undefined, oneD: V | undefined): (V | undefined)[] =>
    sweepE?.length ? [...sweepE] : oneE !== undefined ? [oneE] : sweepD?.length ? [...sweepD] : [oneD];
  const backends = axis(experiment.sweep?.backend, experiment.backend, d.sweep?.backend, d.backend ?? 'js') as string[];
  const solvers = axis(experiment.sweep?.solver, experiment.solver, d.sweep?.solver, d.solver);
  const sens = axis(experiment.sweep?.sensitivity, experiment.sensitivity, d.sweep?.sensitivity, d.sensitivity);
  const seeds = [...(experiment.seeds ?? d.seeds ?? [spec.seed ?? 0])];
  for (const s of seeds) {
    if (!Number.isInteger(s) || s < 0) throw new OdeflowError('INVALID_ARGUMENT', `Seeds must be integers ≥ 0; got ${s}.`);
  }
  const runs = backends.length * solvers.length * sens.length * seeds.length;
  if (runs > PIPELINE_LIMITS.runs) {
    throw new OdeflowError('LIMIT_EXCEEDED', `An experiment of ${runs} runs (backends × solvers × sensitivities × seeds) is over the limit of ${PIPELINE_LIMITS.runs}; sweep fewer choices.`, { limit: PIPELINE_LIMITS.runs });
  }
  const out: ExperimentRunChoice[] = [];
  for (const backend of backends) for (const solver of solvers) for (const sensitivity of sens) for (const seed of seeds) out.push({ backend, solver, sensitivity, seed });
  return out;
}

/** A short label of a run for folder names and progress: `js-dopri5-adjoint-seed0`. */
export function runLabel(r: { backend: string; solver: string; sensitivity: string; seed: number }): string {
  return `${r.backend}-${r.solver}-${r.sensitivity}-seed${r.seed}`;
}

/** The results-table row of a run. */
export function resultsRow(r: PipelineRunResult): ResultsRow {
  const row: Record<string, string | number> = { backend: r.backend, solver: r.solver, sensitivity: r.sensitivity, seed: r.seed };
  for (const [id, v] of Object.entries(r.metrics)) row[id] = v;
  for (const [id, t] of Object.entries(r.training)) {
    row[`${id} loss`] = t.finalLoss;
    row[`${id} ms/iter`] = t.msPerIteration;
    row[`${id} nfe fwd`] = t.nfeForward;
    row[`${id} nfe bwd`] = t.nfeBackward;
    row[`${id} peak bytes`] = t.peakBytes;
  }
  for (const [id, o] of Object.entries(r.odes)) row[`${id} nfe`] = o.nfe;
  row['wall ms'] = r.wallMs;
  return row;
}

/**
 * Run an experiment: every combination of its grid, one after another, in one container. With several
 * runs and an `outDir`, each run's sinks write into `outDir/<backend>-<solver>-<sensitivity>-seed<k>/`.
 */
export async function runExperiment(experiment: Experiment, options: RunPipelineOptions = {}): Promise<ExperimentResult> {
  const container = options.container ?? createPipelineContainer(options.modules);
  const spec = validatePipeline(experiment.pipeline instanceof Pipeline ? experiment.pipeline.spec : experiment.pipeline, { container });
  const grid = experimentGrid({ ...experiment, pipeline: spec });
  const runs: PipelineRunResult[] = [];
  for (const choice of grid) {
    // a plugin's names may hold any character: the folder name keeps only plain ones
    const label = `${choice.backend}-${choice.solver ?? 'stage'}-${choice.sensitivity ?? 'stage'}-seed${choice.seed}`.replace(/[^A-Za-z0-9_.-]|^\./g, '_');
    const outDir = options.outDir === undefined ? undefined : grid.length > 1 ? join(options.outDir, label) : options.outDir;
    const progress = options.progress && grid.length > 1 ? prefixed(options.progress, label) : options.progress;
    runs.push(
      await runPipeline(
        spec,
        { ...choice, ...(experiment.iterations !== undefined ? { iterations: experiment.iterations } : {}) },
        { ...options, container, ...(outDir !== undefined ? { outDir } : {}), ...(progress ? { progress } : {}) },
      ),
    );
  }
  return { pipeline: spec.name, runs, table: runs.map(resultsRow) };
}

/** Run `pipeline` over a grid of choices and gather one results table (a shorthand of {@link runExperiment}). */
export function runSweep(pipeline: Pipeline | PipelineSpec, sweep: SweepSpec, seeds?: readonly number[], options: RunPipelineOptions = {}): Promise<ExperimentResult> {
  return runExperiment({ pipeline, sweep, ...(seeds ? { seeds } : {}) }, options);
}

/** The results table of an experiment as Markdown. */
export function experimentToMarkdown(result: ExperimentResult): string {
  return `# ${result.pipeline}\n\n${resultsToMarkdown(result.table)}`;
}

function prefixed(p: ProgressReporter, label: string): ProgressReporter {
  return {
    start: (total, l) => p.start(total, l ? `${label} ${l}` : label),
    update: (done, info) => p.update(done, info),
    finish: () => p.finish(),
  };
}
