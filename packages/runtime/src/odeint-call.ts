import type { Container, ServiceIdentifier } from 'inversify';
import { OdeflowError, resolveNamed, TOKENS, type JacobianSparsity, type JsTensor, type Solver, type StepSizeController } from '@odeflow/core';
import { DEFAULT_CONTROLLER, DEFAULT_SOLVER, ownOptions, type IntegrateOptions } from '@odeflow/solvers';
import { createContainer } from './create-container.js';
import type { OdeFunctionForms } from './function-dynamics.js';
import type { OdeJacobianForms } from './function-jacobian.js';
import { checkContainer, describe } from './odeint-arguments.js';
import { methodControlled } from './method-controlled.js';
import type { OdeintEventSpec, OdeintOptions } from './odeint-options.js';
import { scratchCopy } from './scratch-copy.js';

/**
 * One `odeint` call's options, read and checked: the method resolved, the failure policy, the user's
 * Jacobian sources, and the options handed on to `integrate` (events and norm wrapped to see plain arrays).
 * @internal
 */
export interface OdeintCall {
  /** The resolved method. */
  solver: Solver;
  /** Throw when the solve fails. */
  throwOnFailure: boolean;
  /** ∂f/∂y, if given. */
  jacobian?: OdeJacobianForms;
  /** Sparsity of ∂f/∂y, if given. */
  jacobianSparsity?: JacobianSparsity;
  /** ∂f/∂t, if given. */
  timeDerivative?: OdeFunctionForms;
  /** The options `integrate` checks (everything but the facade's own keys). */
  integrateOptions: IntegrateOptions;
}

const FACADE_KEYS = new Set(['method', 'throwOnFailure', 'container', 'controller', 'jacobian', 'jacobianSparsity', 'timeDerivative', 'events', 'norm']);

// odeint's own container: nobody else can rebind a name in it, so what a name resolves to is kept
let defaultContainer: Container | undefined;
const defaultSolvers = new Map<string, Solver>();
const defaultControllers = new Map<string, StepSizeController>();

function resolveCached<V>(cache: Map<string, V>, token: ServiceIdentifier<V>, name: string, kind: string): V {
  let v = cache.get(name);
  if (v === undefined) {
    v = resolveNamed(defaultContainer ??= createContainer(), token, name, kind);
    cache.set(name, v);
  }
  return v;
}

/** Read `odeint`'s options (own data properties only) and resolve its method and controller. */
export function odeintCall(options: unknown): OdeintCall {
  const o = ownOptions('options', options) as OdeintOptions & Record<string, unknown>;
  const { jacobian, timeDerivative, events, norm, controller } = o;
  const method = o.method ?? DEFAULT_SOLVER;
  const throwOnFailure = o.throwOnFailure ?? true;
  if (jacobian !== undefined && typeof jacobian !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option jacobian must be a function (t, y) => rows of ∂f/∂y; got ${typeof jacobian}.`, { option: 'jacobian' });
  }
  if (timeDerivative !== undefined && typeof timeDerivative !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option timeDerivative must be a function (t, y) => ∂f/∂t (n numbers); got ${describe(timeDerivative)}.`, { option: 'timeDerivative' });
  }
  if (typeof throwOnFailure !== 'boolean') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option throwOnFailure must be a boolean; got ${describe(throwOnFailure)}.`, { option: 'throwOnFailure' });
  }
  // made by ownOptions, so that integrate takes it without copying it again
  const integrateOptions = ownOptions('options', undefined);
  for (const k in o) if (!FACADE_KEYS.has(k)) integrateOptions[k] = o[k];
  if (events !== undefined) integrateOptions.events = plainEvents(events);
  if (norm !== undefined) integrateOptions.norm = plainNorm(norm);
  const c = o.container === undefined ? undefined : checkContainer(o.container);
  const solver = c ? resolveNamed(c, TOKENS.Solver, method, 'solver') : resolveCached(defaultSolvers, TOKENS.Solver, method, 'solver');
  // a method with a controller of its own (rodas5p's predictive one) runs it unless one is named
  const named = controller ?? (methodControlled(solver) ? undefined : DEFAULT_CONTROLLER);
  integrateOptions.controller =
    typeof named !== 'string'
      ? named
      : c
        ? resolveNamed(c, TOKENS.StepSizeController, named, 'controller')
        : resolveCached(defaultControllers, TOKENS.StepSizeController, named, 'controller');
  return { solver, throwOnFailure, jacobian, jacobianSparsity: o.jacobianSparsity, timeDerivative, integrateOptions: integrateOptions as IntegrateOptions };
}

// events see copies of the Float64Array state, as f does; anything malformed is left for integrate to refuse
function plainEvents(events: unknown): unknown {
  if (!Array.isArray(events)) return events;
  return Array.from(events, (e: unknown, i) => {
    const spec = ownOptions(`events[${i}]`, e) as unknown as OdeintEventSpec;
    if (typeof spec.fn !== 'function') return e;
    const view = scratchCopy();
    const fn = spec.fn;
    return { ...spec, fn: (t: number, yt: JsTensor) => fn(t, view(yt.data)) };
  });
}

// a user norm on copies of the solver's arrays (writing into them must not change the step)
function plainNorm(norm: unknown): unknown {
  if (typeof norm !== 'function') return norm;
  const [e, a, b, r, at] = [scratchCopy(), scratchCopy(), scratchCopy(), scratchCopy(), scratchCopy()];
  const user = norm as NonNullable<OdeintOptions['norm']>;
  return (err: JsTensor, y0: JsTensor, y1: JsTensor, rt: number | JsTensor, atl: number | JsTensor) =>
    user(e(err.data), a(y0.data), b(y1.data), typeof rt === 'number' ? rt : r(rt.data), typeof atl === 'number' ? atl : at(atl.data));
}
