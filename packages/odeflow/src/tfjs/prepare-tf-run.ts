import * as tf from '@tensorflow/tfjs-core';
import { TfjsBackend } from '@odeflow/backend-tfjs';
import {
  autodiffDynamics,
  OdeflowError,
  solveStatusError,
  resolveNamed,
  TOKENS,
  type Dynamics,
  type OdeProblem,
  type Sensitivity,
  type SensitivityContext,
  type Solution,
} from '@odeflow/core';
import type { Odeflow } from '@odeflow/runtime';
import type { TfOdeProblem, TfSolveOptions } from './tf-ode-problem.js';

/** A checked problem on a tfjs backend with the sensitivity and context a call resolved. */
export interface PreparedTfRun {
  /** The backend (tfjs kernels: `tfjs` or `wasm`). */
  readonly backend: TfjsBackend;
  /** The problem with its dynamics turned into `Dynamics`. */
  readonly problem: OdeProblem<tf.Tensor>;
  /** The chosen sensitivity. */
  readonly sensitivity: Sensitivity;
  /** What the sensitivity's `run` needs besides the problem. */
  readonly context: SensitivityContext<tf.Tensor>;
}

/**
 * Check a {@link TfOdeProblem} against an `Odeflow` on a tfjs backend and resolve the sensitivity by name.
 * @throws OdeflowError `INVALID_ARGUMENT` for a backend that is not tfjs-based or inputs that are not float32
 *   tensors; `UNKNOWN_NAME` for an unknown sensitivity
 */
export function prepareTfRun(ode: Odeflow<tf.Tensor>, problem: TfOdeProblem, options: TfSolveOptions, caller: string): PreparedTfRun {
  const backend = ode?.backend;
  if (!(backend instanceof TfjsBackend)) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${caller} needs an Odeflow on a TensorFlow.js backend; got backend "${String((backend as { name?: unknown } | undefined)?.name)}". ` +
        `Create it with createOdeflow({ backend: 'tfjs' }) or createOdeflow({ backend: 'wasm' }).`,
    );
  }
  if (problem === null || typeof problem !== 'object') {
    throw new OdeflowError('INVALID_ARGUMENT', `${caller} expects a problem { dynamics, y0, ts, params }; got ${String(problem)}.`);
  }
  const { y0, ts, params } = problem;
  requireFloat32(y0, `${caller}: y0`);
  if (!Array.isArray(params)) {
    throw new OdeflowError('INVALID_ARGUMENT', `${caller}: params must be an array of tfjs tensors (e.g. tf.Variable); got ${String(params)}.`);
  }
  params.forEach((p, i) => requireFloat32(p, `${caller}: params[${i}]`));
  if (!Array.isArray(ts) || ts.some((t) => typeof t !== 'number')) {
    throw new OdeflowError('INVALID_ARGUMENT', `${caller}: ts must be an array of numbers (output times, the first is t0).`);
  }
  const dynamics = toDynamics(backend, problem.dynamics, options, caller);
  const name = options.sensitivity ?? ode.sensitivity.name;
  const sensitivity = name === ode.sensitivity.name ? ode.sensitivity : resolveNamed(ode.container, TOKENS.Sensitivity, name, 'sensitivity');
  const defaults = sensitivity === ode.sensitivity ? ode.sensitivityOptions : {};
  return {
    backend,
    problem: { dynamics, y0, ts, params },
    sensitivity,
    context: {
      backend,
      solver: ode.solver,
      options: { ...ode.options, ...options.options } as Record<string, unknown>,
      sensitivityOptions: { ...defaults, ...options.sensitivityOptions },
      resolveSolver: ode.resolveSolver,
    },
  };
}

/**
 * Refuse a solution that is not the function the loss is taken of (a failed solve), naming the cause.
 * @throws OdeflowError with the status's code
 */
export function requireSuccess(solution: Solution<tf.Tensor>, caller: string): void {
  const failed = solveStatusError(solution, { prefix: `${caller}: the forward solve ended with status "${solution.status}":` });
  if (failed) throw failed;
}

function toDynamics(backend: TfjsBackend, d: TfOdeProblem['dynamics'], options: TfSolveOptions, caller: string): Dynamics<tf.Tensor> {
  if (typeof d === 'function') return autodiffDynamics(backend, d, { name: d.name || 'f', time: options.time ?? 'number' });
  if (d === null || typeof d !== 'object' || typeof d.f !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `${caller}: dynamics must be a Dynamics object (e.g. a realised block) or a function (t, y, params) => tf.Tensor.`);
  }
  return d;
}

function requireFloat32(x: unknown, what: string): void {
  if (!(x instanceof tf.Tensor)) throw new OdeflowError('INVALID_ARGUMENT', `${what} must be a tfjs tensor; got ${typeof x}.`);
  if (x.isDisposed) throw new OdeflowError('INVALID_ARGUMENT', `${what} has been disposed; pass a live tensor.`);
  if (x.dtype !== 'float32') {
    throw new OdeflowError('INVALID_ARGUMENT', `${what} has dtype ${x.dtype}; odeflow's tfjs backends compute in float32: tf.cast(x, 'float32').`, {
      dtype: x.dtype,
    });
  }
}
