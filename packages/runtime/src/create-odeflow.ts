import type { Container, ContainerModule } from 'inversify';
import {
  listNamed,
  OdeflowError,
  resolveNamed,
  TOKENS,
  type Gradients,
  type OdeProblem,
  type ProgressReporter,
  type Sensitivity,
  type SensitivityRun,
  type SensitivityStats,
  type Solution,
  type Solver,
  type TensorBackend,
} from '@odeflow/core';
import { DEFAULT_CONTROLLER, DEFAULT_SOLVER, integrate, ownOptions, type IntegrateOptions } from '@odeflow/solvers';
import { preloadBlockKernels } from '@odeflow/blocks';
import { checkModules, createContainer } from './create-container.js';
import { checkProblem } from './check-problem.js';
import { checkContainer, describe } from './odeint-arguments.js';
import { methodControlled } from './method-controlled.js';

/** What {@link createOdeflow} resolves by name. Every field has a default; unknown keys are refused. */
export interface OdeflowConfig {
  /** Backend name: `js` (default, float64), `tfjs`, `wasm`, or one a module registers. */
  backend?: string;
  /** Solver name (default `dopri5`). */
  solver?: string;
  /**
   * Step-size controller name (default `pi`, configured by the options safety, factorMin, factorMax, pcoeff,
   * icoeff — except for methods with a controller of their own, such as rodas5p's predictive one;
   * `constant`; or one a module binds under `TOKENS.StepSizeController`): used by every solve.
   */
  controller?: string;
  /** Sensitivity name: `adjoint` (default), `direct`, `checkpointed`, or one a module registers. */
  sensitivity?: string;
  /** Default integration options (tolerances, step control) for every solve. */
  options?: IntegrateOptions;
  /** Default options of the sensitivity (adjointRtol, norm, checkpointEvery...). */
  sensitivityOptions?: Record<string, unknown>;
  /** Extra ContainerModules (plugins) loaded after odeflow's own. */
  modules?: ContainerModule[];
  /** Use this container instead of creating one (then `modules` are loaded into it). */
  container?: Container;
}

/** What {@link Odeflow.valueAndGradients} returns. */
export interface ValueAndGradients<T> {
  /** The loss value. */
  value: number;
  /** ∂L/∂y0, ∂L/∂θ, ∂L/∂tᵢ. */
  gradients: Gradients<T>;
  /** The forward solution. */
  solution: Solution<T>;
  /** Evaluations, steps, times and peak bytes of the forward and backward passes. */
  stats: SensitivityStats;
}

const CONFIG_KEYS = ['backend', 'solver', 'controller', 'sensitivity', 'options', 'sensitivityOptions', 'modules', 'container'];

/**
 * An experiment's resolved choices: one backend, solver and sensitivity, swappable by name in the config.
 * @typeParam T - the backend's tensor type
 */
export class Odeflow<T = unknown> {
  /** The container the choices were resolved from. */
  readonly container: Container;
  /** The resolved backend. */
  readonly backend: TensorBackend<T>;
  /** The resolved forward solver. */
  readonly solver: Solver;
  /** The resolved sensitivity. */
  readonly sensitivity: Sensitivity;
  /** The progress reporter bound in the container. */
  readonly progress: ProgressReporter;
  /** Default integration options. */
  readonly options: IntegrateOptions;
  /** Default sensitivity options. */
  readonly sensitivityOptions: Record<string, unknown>;

  /** Use {@link createOdeflow}. */
  constructor(
    container: Container,
    backend: TensorBackend<T>,
    solver: Solver,
    sensitivity: Sensitivity,
    options: IntegrateOptions,
    sensitivityOptions: Record<string, unknown>,
  ) {
    this.container = container;
    this.backend = backend;
    this.solver = solver;
    this.sensitivity = sensitivity;
    this.progress = container.get(TOKENS.ProgressReporter);
    this.options = options;
    this.sensitivityOptions = sensitivityOptions;
  }

  /** A registered solver by name (UNKNOWN_NAME lists the known ones). */
  resolveSolver = (name: string): Solver => resolveNamed(this.container, TOKENS.Solver, name, 'solver');

  /**
   * Solve the problem forward with the configured solver (no gradient bookkeeping). A failed solve returns
   * its status; an error f throws (a non-finite value) is thrown.
   */
  solve(problem: OdeProblem<T>, options: IntegrateOptions = {}): Solution<T> {
    const { dynamics, y0, ts, params } = checkProblem(this.backend, problem);
    const sol = integrate({
      backend: this.backend,
      dynamics,
      y0,
      ts,
      params,
      solver: this.solver,
      options: { ...this.options, ...ownOptions('options', options) },
    });
    if (sol.cause) {
      this.backend.dispose([...sol.ys, ...sol.events.map((e) => e.y)]);
      throw sol.cause;
    }
    return sol;
  }

  /** Solve forward with the configured sensitivity, ready for one `backward(cotangents)`. */
  run(problem: OdeProblem<T>, options: IntegrateOptions = {}, sensitivityOptions: Record<string, unknown> = {}): SensitivityRun<T> {
    return this.sensitivity.run(checkProblem(this.backend, problem, 'run'), {
      backend: this.backend,
      solver: this.solver,
      options: { ...this.options, ...ownOptions('options', options) },
      sensitivityOptions: { ...this.sensitivityOptions, ...ownOptions('sensitivityOptions', sensitivityOptions) },
      resolveSolver: this.resolveSolver,
    });
  }

  /**
   * Loss value and gradients in one call: solve forward, evaluate `loss` on the outputs (it returns the value and
   * the cotangents ∂L/∂y(tᵢ)), run the backward pass. The cotangents are disposed afterwards.
   */
  valueAndGradients(
    problem: OdeProblem<T>,
    loss: (ys: readonly T[], ts: readonly number[]) => { value: number; cotangents: T[] },
    options: IntegrateOptions = {},
  ): ValueAndGradients<T> {
    const run = this.run(problem, options);
    let cotangents: unknown;
    try {
      const out = loss(run.solution.ys, run.solution.ts);
      cotangents = out.cotangents;
      const gradients = run.backward(out.cotangents);
      return { value: out.value, gradients, solution: run.solution, stats: run.stats };
    } catch (e) {
      // nothing of a failed call reaches the caller: release the stored forward pass and the outputs
      run.dispose();
      this.backend.dispose(run.solution.ys.filter((y) => y !== problem.y0));
      throw e;
    } finally {
      if (Array.isArray(cotangents)) this.backend.dispose(cotangents.filter((c) => c !== null && typeof c === 'object') as T[]);
    }
  }
}

/**
 * Build the container from odeflow's modules and yours, and resolve backend, solver and sensitivity by name.
 * Swapping `dopri5`→`tsit5`, `js`→`wasm` or `adjoint`→`direct` is a one-field change.
 * @throws OdeflowError UNKNOWN_NAME (listing the known names), INVALID_ARGUMENT for unknown config keys,
 *   BACKEND_UNAVAILABLE when a backend's package cannot start.
 */
export async function createOdeflow<T = unknown>(config: OdeflowConfig = {}): Promise<Odeflow<T>> {
  if (config === null || typeof config !== 'object') {
    throw new OdeflowError('INVALID_ARGUMENT', `createOdeflow expects a config object; got ${describe(config)}.`);
  }
  const c = ownOptions('config', config) as OdeflowConfig;
  for (const k of Object.keys(c)) {
    if (!CONFIG_KEYS.includes(k)) {
      throw new OdeflowError('INVALID_ARGUMENT', `Unknown createOdeflow option "${k}". Valid options: ${CONFIG_KEYS.join(', ')}.`, { key: k });
    }
  }
  const modules = c.modules === undefined ? [] : checkModules(c.modules);
  const container = c.container === undefined ? createContainer(modules) : checkContainer(c.container);
  if (c.container !== undefined && modules.length) container.load(...modules);
  const integrateOptions = ownOptions('options', c.options);
  const sensitivityOptions = ownOptions('sensitivityOptions', c.sensitivityOptions);
  const backendFactory = resolveNamed(container, TOKENS.Backend, c.backend ?? 'js', 'backend');
  const solver = resolveNamed(container, TOKENS.Solver, c.solver ?? DEFAULT_SOLVER, 'solver');
  const controllerName = c.controller ?? (methodControlled(solver) ? undefined : DEFAULT_CONTROLLER);
  const controller = controllerName === undefined ? undefined : resolveNamed(container, TOKENS.StepSizeController, controllerName, 'controller');
  const sensitivity = resolveNamed(container, TOKENS.Sensitivity, c.sensitivity ?? 'adjoint', 'sensitivity');
  const backend = (await backendFactory.create()) as TensorBackend<T>;
  // kernels that a browser's main thread can only load asynchronously are loaded here, so that blocks
  // realised on this backend afterwards run on them
  await preloadBlockKernels(backend.name);
  const options = { controller, ...integrateOptions };
  return new Odeflow<T>(container, backend, solver, sensitivity, options, sensitivityOptions);
}

/** The names registered in a container, by kind. */
export interface RegisteredNames {
  /** Backend names. */
  backends: string[];
  /** Solver names. */
  solvers: string[];
  /** Sensitivity names. */
  sensitivities: string[];
}

/** Names registered in a container, by kind — what `odeflow solvers` and error messages list. */
export function registeredNames(container: Container): RegisteredNames {
  checkContainer(container, 'container');
  return {
    backends: listNamed(container, TOKENS.Backend),
    solvers: listNamed(container, TOKENS.Solver),
    sensitivities: listNamed(container, TOKENS.Sensitivity),
  };
}
