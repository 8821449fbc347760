import { join, relative, resolve } from 'node:path';
import { Pipeline } from './pipeline.js';
import type { PipelineSpec, StageSpec } from './pipeline-spec.js';
import type { RunPipelineOptions } from './pipeline-run-result.js';
import { experimentToMarkdown, runExperiment, type Experiment, type ExperimentResult } from './run-experiment.js';
import { createPipelineContainer } from './run-pipeline.js';
import { validatePipeline } from './validate-pipeline.js';
import { writeOutput } from './write-output.js';
import { writeOutputFolder } from './output-folder.js';

/** The files {@link runExperimentToFolder} writes itself beside the sinks; no sink may use these names. */
export const EXPERIMENT_FOLDER_FILES: readonly string[] = ['results.json', 'results.md'];

/** Options of {@link runExperimentToFolder}: those of a run, with the output folder required. */
export interface ExperimentFolderOptions extends RunPipelineOptions {
  /** The output folder, replaced whole by the run's. */
  readonly outDir: string;
}

/** What {@link runExperimentToFolder} did. */
export interface ExperimentFolderResult {
  /** The runs and their table; every run's `files` are paths inside `outDir`. */
  readonly result: ExperimentResult;
  /** The results table as Markdown (the text of `results.md`). */
  readonly markdown: string;
  /** The output folder written (absolute). */
  readonly outDir: string;
}

/**
 * The spec with a default SVG plot of every ODE stage against its data when it declares no SVG sink; the
 * plot's file name is one no sink uses (`trajectories.svg` unless taken).
 */
export function withDefaultPlot(spec: PipelineSpec): PipelineSpec {
  if (spec.stages.some((s) => s.kind === 'svg')) return spec;
  const odes = spec.stages.filter((s): s is Extract<StageSpec, { kind: 'ode' }> => s.kind === 'ode');
  if (odes.length === 0) return spec;
  const inputs = [...new Set(odes.flatMap((o) => (o.data !== undefined ? [o.data, o.id] : [o.id])))];
  let id = 'trajectories';
  while (spec.stages.some((s) => s.id === id)) id = `_${id}`;
  const taken = new Set(spec.stages.map((s) => ('file' in s ? s.file.toLowerCase() : '')));
  let file = 'trajectories.svg';
  for (let k = 2; taken.has(file); k++) file = `trajectories-${k}.svg`;
  return { ...spec, stages: [...spec.stages, { id, kind: 'svg', file, inputs }] };
}

/**
 * Run an experiment into a whole output folder, as `odeflow run` does: the sinks of every run (a subfolder
 * per run when there are several) plus `results.json` (every run) and `results.md` (the table) are written
 * into a temporary folder beside `outDir` that then replaces it ({@link writeOutputFolder}), so a failed or
 * killed run leaves the previous folder whole. Sinks named like {@link EXPERIMENT_FOLDER_FILES} are refused
 * (INVALID_SPEC) before anything runs.
 */
export async function runExperimentToFolder(experiment: Experiment, options: ExperimentFolderOptions): Promise<ExperimentFolderResult> {
  const container = options.container ?? createPipelineContainer(options.modules);
  const spec = experiment.pipeline instanceof Pipeline ? experiment.pipeline.spec : experiment.pipeline;
  validatePipeline(spec, { container, reservedFiles: EXPERIMENT_FOLDER_FILES });
  const outDir = resolve(options.outDir);
  return writeOutputFolder(outDir, async (dir) => {
    const result = await runExperiment(experiment, { ...options, container, outDir: dir });
    for (const run of result.runs) run.files.splice(0, run.files.length, ...run.files.map((f) => join(outDir, relative(dir, f))));
    const markdown = experimentToMarkdown(result);
    await writeOutput(join(dir, 'results.json'), JSON.stringify({ pipeline: result.pipeline, table: result.table, runs: result.runs }, null, 2) + '\n');
    await writeOutput(join(dir, 'results.md'), markdown);
    return { result, markdown, outDir };
  });
}
