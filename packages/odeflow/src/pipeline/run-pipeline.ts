import { join } from 'node:path';
import type { Container, ContainerModule } from 'inversify';
import {
  OdeflowError,
  solveStatusError,
  resolveNamed,
  SeededRandom,
  SilentProgressReporter,
  TOKENS,
  type ProgressReporter,
  type TensorBackend,
} from '@odeflow/core';
import { DEFAULT_SOLVER } from '@odeflow/solvers';
import { createContainer } from '../create-container.js';
import { Odeflow } from '../create-odeflow.js';
import { createOptimizer, type OptimizerSpec } from '../training/create-optimizer.js';
import { saveParams } from '../training/save-params.js';
import { ensureOutputFolder, writeOutput } from './write-output.js';
import type { BlockKind, RealisedBlockKind } from './block-kind.js';
import { loadDataSource, type Dataset } from './data-sources.js';
import { lossWithGradient, metricValue } from './pipeline-loss.js';
import { pipelineModule } from './pipeline-module.js';
import { Pipeline } from './pipeline.js';
import type { OdeStageSpec, PipelineSpec, StageSpec, TrainStageSpec } from './pipeline-spec.js';
import { executionOrder } from './stage-graph.js';
import { plotTrajectoriesSvg } from './svg-plot.js';
import { validatePipeline } from './validate-pipeline.js';

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
  /** Folder relative CSV paths are resolved against (default: working directory). */
  readonly baseDir?: string;
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

/** odeflow's container with the pipeline block kinds, then `modules` (plugins). */
export function createPipelineContainer(modules: readonly ContainerModule[] = []): Container {
  return createContainer([pipelineModule, ...modules]);
}

interface OdeRuntime<T> {
  readonly stage: OdeStageSpec;
  readonly index: number;
  readonly flow: Odeflow<T>;
  readonly block: RealisedBlockKind<T>;
}

const DEFAULT_SENSITIVITY = 'adjoint';

/**
 * Run a pipeline once: validate it (schema, graph and every name against the container — nothing runs
 * before), load its data, realise its blocks on the chosen backend, run its train stages, then its metrics,
 * then its sinks (each file written atomically into `options.outDir`).
 */
export async function runPipeline(pipeline: Pipeline | PipelineSpec, choices: RunChoices = {}, options: RunPipelineOptions = {}): Promise<PipelineRunResult> {
  const started = performance.now();
  const container = options.container ?? createPipelineContainer(options.modules);
  const spec = validatePipeline(pipeline instanceof Pipeline ? pipeline.spec : pipeline, { container });
  const exp = spec.experiment ?? {};
  const seed = choices.seed ?? exp.seeds?.[0] ?? spec.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new OdeflowError('INVALID_ARGUMENT', `The seed must be an integer ≥ 0; got ${seed}.`);
  const solverOverride = choices.solver ?? exp.solver;
  const sensitivityOverride = choices.sensitivity ?? exp.sensitivity;
  const iterationsOverride = choices.iterations ?? exp.iterations;
  const backendName = choices.backend ?? exp.backend ?? 'js';
  // Resolve every choice before any work, so a typo fails at once and lists the known names.
  const backendFactory = resolveNamed(container, TOKENS.Backend, backendName, 'backend');
  if (solverOverride !== undefined) resolveNamed(container, TOKENS.Solver, solverOverride, 'solver');
  if (sensitivityOverride !== undefined) resolveNamed(container, TOKENS.Sensitivity, sensitivityOverride, 'sensitivity');
  const backend = (await backendFactory.create()) as TensorBackend<unknown>;
  const progress = options.progress ?? new SilentProgressReporter();

  const order = executionOrder(spec);
  const indexOf = new Map(spec.stages.map((s, i) => [s.id, i] as const));
  const stage = (id: string) => spec.stages[indexOf.get(id)!]!;

  // Sources first: bad data files fail before any training starts.
  const data = new Map<string, Dataset>();
  for (const s of order) {
    if (s.kind === 'spiral' || s.kind === 'pendulum' || s.kind === 'array' || s.kind === 'csv') {
      data.set(s.id, await loadDataSource(s, indexOf.get(s.id)!, { baseDir: options.baseDir, container }));
    }
  }

  const blocks = new Map<string, RealisedBlockKind<unknown>>();
  const odes = new Map<string, OdeRuntime<unknown>>();
  try {
    for (const s of order) {
      const i = indexOf.get(s.id)!;
      if (s.kind === 'block') {
        const kind = resolveNamed(container, TOKENS.BlockKind, s.block.kind, 'block kind') as BlockKind;
        const realised = kind.realise(s.block, backend, s.seed ?? seed, `stages[${i}].block`);
        blocks.set(s.id, realised);
      } else if (s.kind === 'ode') {
        // The backend was created once above; the stage's Odeflow shares it (its blocks' tensors live there).
        const flow = new Odeflow<unknown>(
          container,
          backend,
          resolveNamed(container, TOKENS.Solver, solverOverride ?? s.solver ?? DEFAULT_SOLVER, 'solver'),
          resolveNamed(container, TOKENS.Sensitivity, sensitivityOverride ?? s.sensitivity ?? DEFAULT_SENSITIVITY, 'sensitivity'),
          { ...(s.options ?? {}), ...(s.rtol !== undefined ? { rtol: s.rtol } : {}), ...(s.atol !== undefined ? { atol: s.atol } : {}) },
          { ...(s.sensitivityOptions ?? {}) },
        );
        odes.set(s.id, { stage: s, index: i, flow, block: blocks.get(s.dynamics)! });
      }
    }

    // Trajectories of ODE stages with the current parameters, cached until training changes them.
    const trajectories = new Map<string, Dataset & { stats?: OdeResult }>();
    const trajectory = (id: string): Dataset & { stats?: OdeResult } => {
      const known = data.get(id) ?? trajectories.get(id);
      if (known) return known;
      const rt = odes.get(id)!;
      const { y0, ts } = odeInputs(rt, trajectory);
      const y = backend.fromArray(y0);
      const sol = rt.flow.solve({ dynamics: rt.block.dynamics, y0: y, ts, params: rt.block.params });
      const ys = sol.ys.map((v) => Array.from(backend.toFloat64Array(v)));
      backend.dispose([y, ...sol.ys]);
      const failed = solveStatusError(sol, { prefix: `ODE stage "${id}" failed:`, details: { stage: id } });
      if (failed) throw failed;
      const result = {
        ts: sol.ts,
        ys,
        stats: { solver: rt.flow.solver.name, sensitivity: rt.flow.sensitivity.name, nfe: sol.stats.nfe, accepted: sol.stats.accepted, rejected: sol.stats.rejected, status: sol.status },
      };
      trajectories.set(id, result);
      return result;
    };

    const training: Record<string, TrainingResult> = {};
    for (const s of order) {
      if (s.kind !== 'train') continue;
      const invalidate = () => trajectories.clear();
      training[s.id] = trainStage(s, { spec, stage, indexOf, odes, trajectory, invalidate, backend, seed, iterations: iterationsOverride ?? s.iterations, progress });
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
      backend: backendName,
      solver: solverOverride ?? first?.flow.solver.name ?? DEFAULT_SOLVER,
      sensitivity: sensitivityOverride ?? first?.flow.sensitivity.name ?? DEFAULT_SENSITIVITY,
      seed,
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

function odeInputs<T>(rt: OdeRuntime<T>, trajectory: (id: string) => Dataset): { y0: number[]; ts: number[] } {
  const s = rt.stage;
  const d = s.data !== undefined ? trajectory(s.data) : undefined;
  let ts: number[];
  if (s.times === undefined) ts = [...d!.ts];
  else if (Array.isArray(s.times)) ts = [...(s.times as number[])];
  else {
    const t = s.times as { start: number; end: number; points: number };
    ts = Array.from({ length: t.points }, (_, k) => t.start + ((t.end - t.start) * k) / (t.points - 1));
  }
  const y0 = s.y0 !== undefined ? [...s.y0] : [...d!.ys[0]!];
  return { y0, ts };
}

function aligned(p: Dataset, t: Dataset, index: number, pid: string, tid: string): { pred: Float64Array; target: Float64Array } {
  if (p.ys.length !== t.ys.length || (p.ys[0]?.length ?? 0) !== (t.ys[0]?.length ?? 0)) {
    throw new OdeflowError(
      'INVALID_SPEC',
      `stages[${index}].target: expected a data stage with the prediction's shape (${p.ys.length}×${p.ys[0]?.length ?? 0} from "${pid}"); "${tid}" is ${t.ys.length}×${t.ys[0]?.length ?? 0}.`,
      { path: `stages[${index}].target` },
    );
  }
  return { pred: Float64Array.from(p.ys.flat()), target: Float64Array.from(t.ys.flat()) };
}

interface TrainContext {
  readonly spec: PipelineSpec;
  readonly stage: (id: string) => StageSpec;
  readonly indexOf: Map<string, number>;
  readonly odes: Map<string, OdeRuntime<unknown>>;
  readonly trajectory: (id: string) => Dataset;
  /** Forget cached ODE trajectories (the parameters changed). */
  readonly invalidate: () => void;
  readonly backend: TensorBackend<unknown>;
  readonly seed: number;
  readonly iterations: number;
  readonly progress: ProgressReporter;
}

function isUniform(ts: readonly number[]): boolean {
  const h = (ts[ts.length - 1]! - ts[0]!) / (ts.length - 1);
  return ts.every((t, k) => Math.abs(t - (ts[0]! + k * h)) <= 1e-9 * Math.max(1, Math.abs(t)));
}

/**
 * Minibatch training as in torchdiffeq's ode_demo: each iteration draws `batchSize` windows of `batchLength`
 * consecutive samples of the target, solves them as one batch [B, n] from their first samples over the
 * first `batchLength` sample times (autonomous dynamics on a uniform grid; on a non-uniform grid each window
 * is solved over its own times), and steps the optimizer on the loss gradient.
 */
function trainStage(s: TrainStageSpec, c: TrainContext): TrainingResult {
  const lossStage = c.stage(s.loss);
  if (lossStage.kind !== 'loss') throw new OdeflowError('INVALID_SPEC', `train stage "${s.id}": loss must be a loss stage.`);
  const rt = c.odes.get(lossStage.prediction)!;
  const lossFn = lossStage.loss ?? 'mae';
  const target = c.trajectory(lossStage.target);
  const full = () => {
    const { pred, target: tgt } = aligned(c.trajectory(lossStage.prediction), target, c.indexOf.get(lossStage.id)!, lossStage.prediction, lossStage.target);
    return lossWithGradient(lossFn, pred, tgt).value;
  };
  const b = c.backend;
  const n = target.ys[0]!.length;
  const N = target.ts.length;
  const L = Math.min(s.batchLength ?? 10, N);
  const B = s.batchSize ?? 20;
  const every = s.evalEvery ?? 20;
  const uniform = isUniform(target.ts);
  const rng = new SeededRandom(c.seed + 1);
  const params = rt.block.params;
  const kind = s.optimizer ?? 'rmsprop';
  const lr = s.learningRate ?? 1e-3;
  // PyTorch's RMSprop formulae, as in torchdiffeq's ode_demo that the spiral spec reproduces.
  const optSpec: OptimizerSpec = kind === 'rmsprop' ? { kind, learningRate: lr, style: 'torch' } : { kind, learningRate: lr };
  const optimizer = createOptimizer(optSpec, b, `stages[${c.indexOf.get(s.id)}].optimizer`);

  const history: LossRecord[] = [{ iteration: 0, loss: full() }];
  let nfeF = 0;
  let nfeB = 0;
  let peak = 0;
  c.progress.start(c.iterations, s.id);
  const t0 = performance.now();
  try {
    for (let it = 1; it <= c.iterations; it++) {
      const starts = Array.from({ length: B }, () => rng.int(N - L + 1));
      const windows = uniform ? [starts] : starts.map((k) => [k]);
      let grads: unknown[] | undefined;
      for (const w of windows) {
        const y0 = b.fromArray(w.flatMap((k) => target.ys[k]!), uniform ? [w.length, n] : [n]);
        const ts = uniform ? target.ts.slice(0, L) : target.ts.slice(w[0]!, w[0]! + L);
        const { gradients, solution, stats } = rt.flow.valueAndGradients({ dynamics: rt.block.dynamics, y0, ts, params }, (ys) => {
          const cot = ys.map((y, k) => {
            const want = Float64Array.from(w.flatMap((st) => target.ys[st + k]!));
            // Scale so that the batch loss is the mean over every window, time and component.
            const g = lossWithGradient(lossFn, b.toFloat64Array(y), want).gradient.map((v) => v / (L * windows.length));
            return b.fromArray(g, b.shape(y));
          });
          return { value: 0, cotangents: cot };
        });
        nfeF += stats.nfeForward;
        nfeB += stats.nfeBackward;
        peak = Math.max(peak, stats.peakBytes);
        b.dispose([y0, ...solution.ys, gradients.y0]);
        if (grads === undefined) grads = gradients.params;
        else {
          const sum = grads.map((g, k) => b.add(g, gradients.params[k]!));
          b.dispose([...grads, ...gradients.params] as never[]);
          grads = sum;
        }
      }
      optimizer.step(params, grads!);
      b.dispose(grads! as never[]);
      c.invalidate();
      if (it % every === 0 || it === c.iterations) {
        const loss = full();
        history.push({ iteration: it, loss });
        c.progress.update(it, { loss: Number(loss.toPrecision(4)) });
      } else c.progress.update(it);
    }
  } finally {
    c.progress.finish();
    optimizer.dispose();
  }
  const ms = performance.now() - t0;
  const iters = Math.max(1, c.iterations);
  return {
    iterations: c.iterations,
    history,
    finalLoss: history[history.length - 1]!.loss,
    msPerIteration: c.iterations ? ms / c.iterations : 0,
    nfeForward: nfeF / iters,
    nfeBackward: nfeB / iters,
    peakBytes: peak,
  };
}

interface SinkContext {
  readonly result: PipelineRunResult;
  readonly trajectory: (id: string) => Dataset;
  readonly blocks: Map<string, RealisedBlockKind<unknown>>;
  readonly backend: TensorBackend<unknown>;
  readonly stage: (id: string) => StageSpec;
}

async function runSink(s: StageSpec, outDir: string, c: SinkContext): Promise<string | undefined> {
  if (s.kind === 'json') {
    const file = join(outDir, s.file);
    const inputs = s.inputs ?? [...Object.keys(c.result.metrics), ...Object.keys(c.result.training)];
    const picked: Record<string, unknown> = {};
    for (const id of inputs) {
      const st = c.stage(id);
      if (st.kind === 'metric') picked[id] = c.result.metrics[id];
      else if (st.kind === 'train') picked[id] = c.result.training[id];
      else if (st.kind === 'ode') picked[id] = { ...c.trajectory(id), stats: c.result.odes[id] };
      else if (st.kind === 'block') picked[id] = { kind: (st.block as { kind: string }).kind };
      else if (st.kind === 'loss') picked[id] = { loss: st.loss ?? 'mae', prediction: st.prediction, target: st.target };
      else picked[id] = c.trajectory(id);
    }
    const { files: _files, ...summary } = c.result;
    await writeOutput(file, JSON.stringify({ ...summary, results: picked }, null, 2) + '\n');
    return file;
  }
  if (s.kind === 'svg') {
    const file = join(outDir, s.file);
    const series = s.inputs.map((id) => ({ label: id, ...c.trajectory(id) }));
    await writeOutput(file, plotTrajectoriesSvg(series, s.title ?? `${c.result.pipeline}: ${s.inputs.join(' vs ')}`));
    return file;
  }
  if (s.kind === 'checkpoint') {
    const file = join(outDir, s.file);
    const blk = c.blocks.get(s.block)!;
    await ensureOutputFolder(file);
    await saveParams(file, blk.params, c.backend, {
      ...(blk.paramNames ? { names: blk.paramNames } : {}),
      meta: { pipeline: c.result.pipeline, block: s.block, seed: c.result.seed, spec: (c.stage(s.block) as { block: unknown }).block },
    });
    return file;
  }
  return undefined;
}
