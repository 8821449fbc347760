import type { Container } from 'inversify';
import { SeededRandom } from '@odeflow/blocks';
import { OdeflowError, type ProgressReporter, type TensorBackend } from '@odeflow/core';
import { createOptimizer } from '@odeflow/train';
import type { Dataset } from './data-sources.js';
import { aligned, type OdeRuntime } from './ode-runtime.js';
import { lossWithGradient } from './pipeline-loss.js';
import type { LossRecord, TrainingResult } from './pipeline-run-result.js';
import type { LossFunction, PipelineSpec, StageSpec, TrainStageSpec } from './pipeline-spec.js';
import { PIPELINE_LIMITS } from './pipeline-limits.js';

/** What a train stage reads from its run. */
export interface TrainContext {
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
  /** Container the optimizer kind is looked up in. */
  readonly container: Container;
}

function isUniform(ts: readonly number[]): boolean {
  const h = (ts[ts.length - 1]! - ts[0]!) / (ts.length - 1);
  return ts.every((t, k) => Math.abs(t - (ts[0]! + k * h)) <= 1e-9 * Math.max(1, Math.abs(t)));
}

/** The cost counters one iteration adds to. */
interface Counters {
  nfeF: number;
  nfeB: number;
  peak: number;
}

/** One minibatch: the windows' start indices, solved as one batch on a uniform grid or one by one. */
interface Batch {
  readonly rt: OdeRuntime<unknown>;
  readonly target: Dataset;
  readonly lossFn: LossFunction;
  readonly starts: number[];
  readonly uniform: boolean;
  readonly L: number;
}

/** Sum of ∂loss/∂θ over the batch's windows (the caller disposes the returned tensors). */
function batchGradients(b: TensorBackend<unknown>, batch: Batch, counters: Counters): unknown[] {
  const { rt, target, lossFn, starts, uniform, L } = batch;
  const n = target.ys[0]!.length;
  const params = rt.block.params;
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
    counters.nfeF += stats.nfeForward;
    counters.nfeB += stats.nfeBackward;
    counters.peak = Math.max(counters.peak, stats.peakBytes);
    b.dispose([y0, ...solution.ys, gradients.y0]);
    if (grads === undefined) grads = gradients.params;
    else {
      const sum = grads.map((g, k) => b.add(g, gradients.params[k]!));
      b.dispose([...grads, ...gradients.params] as never[]);
      grads = sum;
    }
  }
  return grads!;
}

/**
 * Minibatch training as in torchdiffeq's ode_demo: each iteration draws `batchSize` windows of `batchLength`
 * consecutive samples of the target, solves them as one batch [B, n] from their first samples over the
 * first `batchLength` sample times (autonomous dynamics on a uniform grid; on a non-uniform grid each window
 * is solved over its own times), and steps the optimizer on the loss gradient.
 */
export function trainStage(s: TrainStageSpec, c: TrainContext): TrainingResult {
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
  const N = target.ts.length;
  const L = Math.min(s.batchLength ?? 10, N);
  const B = s.batchSize ?? 20;
  const every = s.evalEvery ?? 20;
  const values = B * L * (target.ys[0]?.length ?? 0);
  if (values > PIPELINE_LIMITS.batchValues) {
    const at = `stages[${c.indexOf.get(s.id)}].batchSize`;
    const limit = PIPELINE_LIMITS.batchValues;
    throw new OdeflowError('LIMIT_EXCEEDED', `${at}: ${B} windows × ${L} samples × ${target.ys[0]!.length} states is ${values} numbers per minibatch, over the limit of ${limit}; use a smaller batchSize or batchLength.`, { path: at, limit });
  }
  const uniform = isUniform(target.ts);
  const rng = new SeededRandom(c.seed + 1);
  const kind = s.optimizer ?? 'rmsprop';
  const lr = s.learningRate ?? 1e-3;
  // PyTorch's RMSprop formulae, as in torchdiffeq's ode_demo that the spiral spec reproduces.
  // A registered user kind gets { kind, learningRate }; its factory's `keys` must allow both.
  const optSpec = kind === 'rmsprop' ? { kind, learningRate: lr, style: 'torch' } : { kind, learningRate: lr };
  const optimizer = createOptimizer(optSpec, b, `stages[${c.indexOf.get(s.id)}].optimizer`, c.container);

  const history: LossRecord[] = [{ iteration: 0, loss: full() }];
  const counters: Counters = { nfeF: 0, nfeB: 0, peak: 0 };
  c.progress.start(c.iterations, s.id);
  const t0 = performance.now();
  try {
    for (let it = 1; it <= c.iterations; it++) {
      const starts = Array.from({ length: B }, () => rng.int(N - L + 1));
      const grads = batchGradients(b, { rt, target, lossFn, starts, uniform, L }, counters);
      optimizer.step(rt.block.params, grads);
      b.dispose(grads as never[]);
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
    nfeForward: counters.nfeF / iters,
    nfeBackward: counters.nfeB / iters,
    peakBytes: counters.peak,
  };
}
