import { OdeflowError, type Solver, type TableauData } from '@odeflow/core';
import { polynomialWeightDerivative, type DenseWeights as SolverDenseWeights } from '@odeflow/solvers';

/** Weights of an explicit RK method's dense output: y(t0 + θ·dt) = y0·y0 + y1·y1 + dt·Σ kᵢ·kᵢ. */
export interface DenseWeights {
  /** Weight of the step's initial state. */
  readonly y0: number;
  /** Weight of the step's final state. */
  readonly y1: number;
  /** Weight of each stage derivative. */
  readonly k: readonly number[];
}

/** An explicit Runge–Kutta solver as the direct sensitivity needs it: its tableau and dense-output weights. */
export interface ExplicitRk {
  /** The solver itself (passed on to the integration loop). */
  readonly solver: Solver;
  /** Butcher coefficients the forward steps used. */
  readonly tableau: TableauData;
  /** Dense-output weights at θ ∈ [0, 1]. */
  denseWeights(theta: number): DenseWeights;
  /** Their derivative in θ (the interpolant's own, or exact from the polynomial weights). */
  denseWeightDerivatives(theta: number): DenseWeights;
  /**
   * Stages only the dense output uses (DOP853's three), recorded after the step's own stages and
   * f(t₁, y₁): stage s+i is f(t0 + c[i]·dt, y0 + dt·Σⱼ a[i][j]·kⱼ) over every earlier recorded stage.
   */
  readonly denseStages?: { readonly c: readonly number[]; readonly a: readonly (readonly number[])[] };
}

/**
 * The tableau and dense weights of `solver`, or an UNSUPPORTED error naming the alternatives: backpropagating
 * through the discrete solve needs the exact operations it performed.
 * @param method - the sensitivity asking, for the message
 */
export function explicitRk(solver: Solver, method: string): ExplicitRk {
  const dense = (solver as Solver & { denseWeights?: unknown }).denseWeights;
  if (solver.implicit) {
    // Differentiating a Rosenbrock step exactly needs derivatives of J itself (∂(Jv)/∂y, ∂(Jv)/∂θ), which no
    // Jacobian source offers; the interpolating adjoint needs only J and gives the gradient to the tolerance.
    throw new OdeflowError(
      'UNSUPPORTED',
      `The "${method}" sensitivity differentiates the stages of each step, which for the implicit method "${solver.name}" ` +
        'would need second derivatives of f. Use the "adjoint" sensitivity: with an implicit solver it reads z(t) from the ' +
        "stored forward solution and solves the adjoint equation with the same method (adjointState 'interpolate').",
      { method, solver: solver.name },
    );
  }
  if (!solver.tableau || typeof dense !== 'function' || solver.multistep) {
    throw new OdeflowError(
      'UNSUPPORTED',
      `The "${method}" sensitivity differentiates the Runge–Kutta stages of each step, so it needs an explicit ` +
        `Runge–Kutta solver with a tableau and dense-output weights; "${solver.name}" has none. ` +
        'Use an explicit RK method (e.g. dopri5, tsit5, rk4) or the "adjoint" sensitivity.',
      { method, solver: solver.name },
    );
  }
  const tableau = solver.tableau;
  const denseStages = (solver as Solver & { denseStages?: ExplicitRk['denseStages'] }).denseStages;
  const denseWeights = (theta: number) => (dense as (th: number) => SolverDenseWeights).call(solver, theta);
  const own = (solver as Solver & { denseWeightDerivatives?: (th: number) => DenseWeights }).denseWeightDerivatives;
  return {
    solver,
    tableau,
    ...(denseStages ? { denseStages } : {}),
    denseWeights,
    denseWeightDerivatives: own ? (theta: number) => own.call(solver, theta) : (theta: number) => polynomialWeightDerivative(denseWeights, theta),
  };
}
