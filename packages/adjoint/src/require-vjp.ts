import { OdeflowError, type Dynamics } from '@odeflow/core';

/** Dynamics known to carry a vector–Jacobian product. */
export type DifferentiableDynamics<T> = Dynamics<T> & Required<Pick<Dynamics<T>, 'vjp'>>;

/**
 * Refuse dynamics without a VJP before any work is done, naming the four ways to get one.
 * @param method - the sensitivity asking, for the message
 */
export function requireVjp<T>(dynamics: Dynamics<T>, method: string): asserts dynamics is DifferentiableDynamics<T> {
  if (typeof dynamics.vjp === 'function') return;
  const name = dynamics.name ? `"${dynamics.name}"` : '(unnamed)';
  throw new OdeflowError(
    'NO_VJP',
    `The dynamics ${name} have no vector–Jacobian product, so the "${method}" sensitivity cannot compute gradients. ` +
      'Get one by building the dynamics from a block (block specs carry their VJPs), from equations ' +
      '(symbolic derivatives), by writing f in the ops of an autodiff backend (tfjs, wasm), or by supplying ' +
      'a user VJP: a vjp(t, y, a, params) function returning aᵀ∂f/∂y, aᵀ∂f/∂θ and aᵀ∂f/∂t.',
    { method, dynamics: dynamics.name },
  );
}
