import { OdeflowError, type Dynamics, type TensorBackend } from '@odeflow/core';

/** ∂f/∂y of one solve's dynamics, evaluated into a caller's buffer; implicit steppers hold one per solve. */
export interface JacobianEvaluator<T> {
  /** Number of state components n (the buffer holds n·n entries). */
  readonly n: number;
  /** Fill `out` (n·n, row-major: out[i·n + j] = ∂fᵢ/∂yⱼ) with the Jacobian at (t, y). */
  evaluate(t: number, y: T, out: Float64Array): void;
}

/**
 * The Jacobian source of a solve, chosen once: the dynamics' own dense `jacobian` when it has one (exact:
 * symbolic, analytic or by autodiff), else its `jvp` against each unit vector. Implicit methods call this
 * instead of reading `Dynamics.jacobian` themselves, so that every method gets every source.
 * @throws OdeflowError UNSUPPORTED when the dynamics offers neither
 */
export function jacobianEvaluator<T>(backend: TensorBackend<T>, dynamics: Dynamics<T>, params: readonly T[], n: number): JacobianEvaluator<T> {
  if (dynamics.jacobian) {
    const jac = dynamics.jacobian.bind(dynamics);
    return { n, evaluate: (t, y, out) => jac(t, y, params, out) };
  }
  const jvp = dynamics.jvp?.bind(dynamics);
  if (!jvp) {
    throw new OdeflowError(
      'UNSUPPORTED',
      'This method needs ∂f/∂y, but the dynamics has neither jacobian nor jvp: pass a jacobian(t, y) to odeint, or use dynamics from equations, blocks or an autodiff backend.',
    );
  }
  const unit = new Float64Array(n);
  return {
    n,
    evaluate(t, y, out) {
      const shape = backend.shape(y);
      for (let j = 0; j < n; j++) {
        unit.fill(0);
        unit[j] = 1;
        const e = backend.fromArray(unit, shape);
        const col = jvp(t, y, e, params);
        const c = backend.toFloat64Array(col);
        backend.dispose([e, col]);
        for (let i = 0; i < n; i++) out[i * n + j] = c[i];
      }
    },
  };
}
