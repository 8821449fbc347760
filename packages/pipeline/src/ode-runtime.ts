import { OdeflowError, solveStatusError, type TensorBackend } from '@odeflow/core';
import type { Odeflow } from '@odeflow/runtime';
import type { RealisedBlockKind } from './block-kind.js';
import type { Dataset } from './data-sources.js';
import type { OdeResult } from './pipeline-run-result.js';
import type { OdeStageSpec } from './pipeline-spec.js';
import { PIPELINE_LIMITS } from './pipeline-limits.js';
import { fixedStepIssue } from './spec-size-issues.js';

/** An ODE stage ready to solve: its spec, its resolved Odeflow and the realised block of its dynamics. */
export interface OdeRuntime<T> {
  readonly stage: OdeStageSpec;
  readonly index: number;
  readonly flow: Odeflow<T>;
  readonly block: RealisedBlockKind<T>;
}

/** A data stage's samples, or an ODE stage's trajectory with the cost of its solve. */
export type Trajectory = Dataset & { stats?: OdeResult };

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
  checkSolveSize(rt, ts, y0.length);
  return { y0, ts };
}

/** Refuse, before the solver allocates, a trajectory or a fixed step grid over the limits (CSV data is only known now). */
function checkSolveSize<T>(rt: OdeRuntime<T>, ts: readonly number[], n: number): void {
  const at = `stages[${rt.index}]`;
  const values = ts.length * n;
  if (values > PIPELINE_LIMITS.trajectoryValues) {
    const limit = PIPELINE_LIMITS.trajectoryValues;
    throw new OdeflowError('LIMIT_EXCEEDED', `${at}: a trajectory of ${ts.length} times × ${n} states is ${values} numbers, over the limit of ${limit}; use fewer times or a smaller state.`, { path: at, limit });
  }
  const fixed = fixedStepIssue(rt.stage.options, Math.abs(ts[ts.length - 1]! - ts[0]!), at);
  if (fixed) throw new OdeflowError('LIMIT_EXCEEDED', `${fixed.path}: expected ${fixed.expected}.`, { path: fixed.path, limit: fixed.limit });
}

/** The prediction and target flattened, after checking that they have the same shape (INVALID_SPEC otherwise). */
export function aligned(p: Dataset, t: Dataset, index: number, pid: string, tid: string): { pred: Float64Array; target: Float64Array } {
  if (p.ys.length !== t.ys.length || (p.ys[0]?.length ?? 0) !== (t.ys[0]?.length ?? 0)) {
    throw new OdeflowError(
      'INVALID_SPEC',
      `stages[${index}].target: expected a data stage with the prediction's shape (${p.ys.length}×${p.ys[0]?.length ?? 0} from "${pid}"); "${tid}" is ${t.ys.length}×${t.ys[0]?.length ?? 0}.`,
      { path: `stages[${index}].target` },
    );
  }
  return { pred: Float64Array.from(p.ys.flat()), target: Float64Array.from(t.ys.flat()) };
}

/**
 * Trajectories by stage id: data stages as loaded, ODE stages solved with the current parameters and cached
 * until `invalidate` (training changed the parameters).
 */
export function trajectoryCache(
  data: ReadonlyMap<string, Dataset>,
  odes: ReadonlyMap<string, OdeRuntime<unknown>>,
  backend: TensorBackend<unknown>,
): { trajectory: (id: string) => Trajectory; invalidate: () => void } {
  const trajectories = new Map<string, Trajectory>();
  const trajectory = (id: string): Trajectory => {
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
  return { trajectory, invalidate: () => trajectories.clear() };
}
