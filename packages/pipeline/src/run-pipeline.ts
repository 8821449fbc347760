import { DEFAULT_SOLVER } from '@odeflow/solvers';
import type { Container, ContainerModule } from 'inversify';
import { OdeflowError, resolveNamed, SilentProgressReporter, TOKENS, type BackendFactory, type TensorBackend } from '@odeflow/core';
import { createContainer, Odeflow } from '@odeflow/runtime';
import type { BlockKind, RealisedBlockKind } from './block-kind.js';
import { loadDataSource, type Dataset } from './data-sources.js';
import { aligned, trajectoryCache, type OdeRuntime } from './ode-runtime.js';
import { metricValue } from './pipeline-loss.js';
import { pipelineModule } from './pipeline-module.js';
import type { OdeResult, PipelineRunResult, RunChoices, RunPipelineOptions, TrainingResult } from './pipeline-run-result.js';
import { Pipeline } from './pipeline.js';
import type { PipelineSpec, StageSpec } from './pipeline-spec.js';
import { runSink } from './run-sink.js';
import { executionOrder } from './stage-graph.js';
import { trainStage } from './train-stage.js';
import { validatePipeline } from './validate-pipeline.js';

/** odeflow's container with the pipeline block kinds, then `modules` (plugins). */
export function createPipelineContainer(modules: readonly ContainerModule[] = []): Container {
  return createContainer([pipelineModule, ...modules]);
}

const DEFAULT_SENSITIVITY = 'adjoint';

/** A run's choices after overrides and defaults, every name resolved. */
interface ResolvedChoices {
  readonly seed: number;
  readonly solver?: string;
  readonly sensitivity?: string;
  readonly iterations?: number;
  readonly backendName: string;
  readonly backendFactory: BackendFactory;
}

function resolveChoices(spec: PipelineSpec, choices: RunChoices, container: Container): ResolvedChoices {
  const exp = spec.experiment ?? {};
  const seed = choices.seed ?? exp.seeds?.[0] ?? spec.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new OdeflowError('INVALID_ARGUMENT', `The seed must be an integer ≥ 0; got ${seed}.`);
  const solver = choices.solver ?? exp.solver;
  const sensitivity = choices.sensitivity ?? exp.sensitivity;
  const backendName = choices.backend ?? exp.backend ?? 'js';
  // Resolve every choice before any work, so a typo fails at once and lists the known names.
  const backendFactory = resolveNamed(container, TOKENS.Backend, backendName, 'backend');
  if (solver !== undefined) resolveNamed(container, TOKENS.Solver, solver, 'solver');
  if (sensitivity !== undefined) resolveNamed(container, TOKENS.Sensitivity, sensitivity, 'sensitivity');
  return { seed, solver, sensitivity, iterations: choices.iterations ?? exp.iterations, backendName, backendFactory };
}

/** Realise the block stages on the backend and give each ODE stage its Odeflow (sharing that backend). */
function realiseStages(
  order: readonly StageSpec[],
  indexOf: ReadonlyMap<string, number>,
  c: { container: Container; backend: TensorBackend<unknown>; choices: ResolvedChoices },
  blocks: Map<string, RealisedBlockKind<unknown>>,
): Map<string, OdeRuntime<unknown>> {
  const { container, backend, choices } = c;
  const odes = new Map<string, OdeRuntime<unknown>>();
  for (const s of order) {
    const i = indexOf.get(s.id)!;
    if (s.kind === 'block') {
      const kind = resolveNamed(container, TOKENS.BlockKind, s.block.kind, 'block kind') as BlockKind;
      blocks.set(s.id, kind.realise(s.block, backend, s.seed ?? choices.seed, `stages[${i}].block`));
    } else if (s.kind === 'ode') {
      // The backend was created once; the stage's Odeflow shares it (its blocks' tensors live there).
      const flow = new Odeflow<unknown>(
        container,
        backend,
        resolveNamed(container, TOKENS.Solver, choices.solver ?? s.solver ?? DEFAULT_SOLVER, 'solver'),
        resolveNamed(container, TOKENS.Sensitivity, choices.sensitivity ?? s.sensitivity ?? DEFAULT_SENSITIVITY, 'sensitivity'),
        { ...(s.options ?? {}), ...(s.rtol !== undefined ? { rtol: s.rtol } : {}), ...(s.atol !== undefined ? { atol: s.atol } : {}) },
        { ...(s.sensitivityOptions ?? {}) },
      );
      odes.set(s.id, { stage: s, index: i, flow, block: blocks.get(s.dynamics)! });
    }
  }
  return odes;
}

/**
 * Run a pipeline once: validate it (schema, graph and every name against the container — nothing runs
 * before), load its data, realise its blocks on the chosen backend, run its train stages, then its metrics,
 * then its sinks (each file written atomically into `options.outDir`).
 */
export async function runPipeline(pipeline: Pipeline | PipelineSpec, choices: RunChoices = {}, options: RunPipelineOptions = {}): Promise<PipelineRunResult> {
  const started = performance.now();
  const container = options.container ?? createPipelineContainer(options.modules);
  const spec = validatePipeline(pipeline instanceof Pipeline ? pipeline.spec : pipeline, { container });
  const chosen = resolveChoices(spec, choices, container);
  const backend = (await chosen.backendFactory.create()) as TensorBackend<unknown>;
  const progress = options.progress ?? new SilentProgressReporter();

  const order = executionOrder(spec);
  const indexOf = new Map(spec.stages.map((s, i) => [s.id, i] as const));
  const stage = (id: string) => spec.stages[indexOf.get(id)!]!;

  // Sources first: bad data files fail before any training starts.
  const data = new Map<string, Dataset>();
  for (const s of order) {
    if (s.kind === 'spiral' || s.kind === 'pendulum' || s.kind === 'array' || s.kind === 'csv') {
      data.set(s.id, await loadDataSource(s, indexOf.get(s.id)!, { baseDir: options.baseDir, allowRead: options.allowRead, container }));
    }
  }

  const blocks = new Map<string, RealisedBlockKind<unknown>>();
  try {
    const odes = realiseStages(order, indexOf, { container, backend, choices: chosen }, blocks);
    const { trajectory, invalidate } = trajectoryCache(data, odes, backend);
    const training: Record<string, TrainingResult> = {};
    for (const s of order) {
      if (s.kind !== 'train') continue;
      const iterations = chosen.iterations ?? s.iterations;
      training[s.id] = trainStage(s, { spec, stage, indexOf, odes, trajectory, invalidate, backend, seed: chosen.seed, iterations, progress, container });
    }
    const metrics: Record<string, number> = {};
    for (const s of order) {
      if (s.kind !== 'metric') continue;
      const { pred, target } = aligned(trajectory(s.prediction), trajectory(s.target), indexOf.get(s.id)!, s.prediction, s.target);
      metrics[s.id] = metricValue(s.metric, pred, target);
    }
    const odeResults: Record<string, OdeResult> = {};
    for (const [id] of odes) odeResults[id] = trajectory(id).stats!;

    const first = [...odes.values()][0];
    const result: PipelineRunResult = {
      pipeline: spec.name,
      backend: chosen.backendName,
      solver: chosen.solver ?? first?.flow.solver.name ?? DEFAULT_SOLVER,
      sensitivity: chosen.sensitivity ?? first?.flow.sensitivity.name ?? DEFAULT_SENSITIVITY,
      seed: chosen.seed,
      metrics,
      training,
      odes: odeResults,
      wallMs: 0,
      files: [],
    };
    if (options.outDir !== undefined) {
      for (const s of order) {
        const file = await runSink(s, options.outDir, { result, trajectory, blocks, backend, stage });
        if (file) result.files.push(file);
      }
    }
    (result as { wallMs: number }).wallMs = performance.now() - started;
    return result;
  } finally {
    // Optimizers replace parameter tensors in place in these arrays: dispose what they hold now.
    for (const blk of blocks.values()) backend.dispose(blk.params as never[]);
  }
}
