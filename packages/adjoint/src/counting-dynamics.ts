import { hasVjpInto, type Dynamics, type JacobianSparsity, type DynamicsVjp, type VjpIntoTargets } from '@odeflow/core';
import type { DifferentiableDynamics } from './require-vjp.js';

/**
 * Wraps dynamics to count evaluations of f and of the VJP, so a sensitivity can report its forward and
 * backward cost whatever the solver reports.
 */
export class CountingDynamics<T> implements Dynamics<T> {
  /** Name of the wrapped dynamics. */
  readonly name?: string;
  /** Evaluations of f (and fInto) so far. */
  fCalls = 0;
  /** Evaluations of the VJP so far. */
  vjpCalls = 0;
  /** Present when the wrapped dynamics have an allocation-free form. */
  readonly fInto?: (t: number, y: T, params: readonly T[], out: T) => void;
  /** Present when the wrapped dynamics have an allocation-free VJP (core's `InPlaceVjp`); counted as a VJP. */
  readonly vjpInto?: (t: number, y: T, a: T, params: readonly T[], out: VjpIntoTargets<T>, accumulate?: boolean) => number;
  /** The wrapped dynamics' Jacobian–vector product, when it has one (implicit solvers count its use). */
  readonly jvp?: (t: number, y: T, v: T, params: readonly T[]) => T;
  /** The wrapped dynamics' dense Jacobian, when it has one (implicit solvers count its use as njev). */
  readonly jacobian?: (t: number, y: T, params: readonly T[], out: Float64Array) => void;
  /** The wrapped dynamics' sparsity pattern of ∂f/∂y, when it has one (finite-difference Jacobians group columns by it). */
  readonly jacobianSparsity?: JacobianSparsity;

  /** @param inner - the dynamics to count */
  constructor(private readonly inner: DifferentiableDynamics<T>) {
    this.name = inner.name;
    const fInto = inner.fInto;
    if (fInto) {
      this.fInto = (t, y, params, out) => {
        this.fCalls++;
        fInto.call(inner, t, y, params, out);
      };
    }
    if (inner.jvp) this.jvp = inner.jvp.bind(inner);
    if (inner.jacobian) this.jacobian = inner.jacobian.bind(inner);
    if (inner.jacobianSparsity !== undefined) this.jacobianSparsity = inner.jacobianSparsity;
    if (hasVjpInto(inner)) {
      this.vjpInto = (t, y, a, params, out, accumulate) => {
        this.vjpCalls++;
        return inner.vjpInto(t, y, a, params, out, accumulate);
      };
    }
  }

  /** f(t, y, θ), counted. */
  f(t: number, y: T, params: readonly T[]): T {
    this.fCalls++;
    return this.inner.f(t, y, params);
  }

  /** aᵀ[∂f/∂y, ∂f/∂θ, ∂f/∂t], counted. */
  vjp(t: number, y: T, a: T, params: readonly T[]): DynamicsVjp<T> {
    this.vjpCalls++;
    return this.inner.vjp(t, y, a, params);
  }

  /** f and VJP evaluations so far. */
  get total(): number {
    return this.fCalls + this.vjpCalls;
  }
}
