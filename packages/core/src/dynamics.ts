import type { JacobianSparsity } from './jacobian-sparsity.js';

/** Cotangents of the dynamics' inputs for one vector–Jacobian product. */
export interface DynamicsVjp<T> {
  /** f(t, y, θ), computed on the way (callers need it for the adjoint's z channel). */
  readonly f: T;
  /** aᵀ ∂f/∂y, with y's shape. */
  readonly y: T;
  /** aᵀ ∂f/∂θᵢ for every parameter tensor, each with its parameter's shape. */
  readonly params: T[];
  /** aᵀ ∂f/∂t. */
  readonly t: number;
}

/**
 * The right-hand side of dy/dt = f(t, y, θ) on some backend, with its vector–Jacobian product when it has
 * one. Parameters θ are a list of backend tensors.
 */
export interface Dynamics<T> {
  /** Human-readable name for messages. */
  readonly name?: string;
  /** f(t, y, θ): a new tensor of y's shape. */
  f(t: number, y: T, params: readonly T[]): T;
  /**
   * Optional allocation-free form: write f(t, y, θ) into `out` (same shape as y). Backends with
   * {@link InPlaceOps} use it in the solver loop.
   */
  fInto?(t: number, y: T, params: readonly T[], out: T): void;
  /**
   * aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] at (t, y, θ). Absent when the dynamics cannot be differentiated; gradients
   * then fail with `NO_VJP`.
   */
  vjp?(t: number, y: T, a: T, params: readonly T[]): DynamicsVjp<T>;
  /**
   * Optional Jacobian–vector product ∂f/∂y·v at (t, y, θ): a new tensor of y's shape (v has y's shape).
   * It returns the product alone, not f: Newton–Krylov iterations call it many times at one (t, y) whose
   * f they already hold. Implicit methods use it when there is no {@link Dynamics.jacobian}, or to avoid
   * forming one.
   */
  jvp?(t: number, y: T, v: T, params: readonly T[]): T;
  /**
   * Optional dense Jacobian ∂f/∂y at (t, y, θ), written row-major into the caller's `out` (a Float64Array
   * of n·n, n the number of components of y; `out[i·n + j]` = ∂fᵢ/∂yⱼ over the flattened state), so that an
   * implicit method reuses one buffer and allocates nothing per step. Every entry of `out` is written.
   * Float64 on every backend: the Newton matrix it feeds is factorised by the backend's `linalg`.
   */
  jacobian?(t: number, y: T, params: readonly T[], out: Float64Array): void;
  /**
   * Optional exact ∂f/∂t at (t, y, θ), written into the caller's `out` (n entries over the flattened state).
   * Rosenbrock methods need it on non-autonomous problems and otherwise take it by a finite difference (one
   * more f evaluation per step); an autonomous f can write zeros.
   */
  timeDerivative?(t: number, y: T, params: readonly T[], out: Float64Array): void;
  /**
   * Optional sparsity pattern of ∂f/∂y (see {@link JacobianSparsity}). When the dynamics has neither
   * `jacobian` nor `jvp`, implicit methods form ∂f/∂y by finite differences and group the columns by it.
   */
  readonly jacobianSparsity?: JacobianSparsity;
}
