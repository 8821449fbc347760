import { OdeflowError, type TableauData } from '@odeflow/core';
import { ButcherTableau } from '../butcher-tableau.js';
import { HermiteInterpolant } from '../hermite-interpolant.js';
import type { DenseWeights } from '../interpolant.js';
import type { SteppableSolver, Stepper, StepperContext } from '../stepper.js';
import type { DirkScheme } from './dirk-scheme.js';
import { DirkStepper } from './dirk-stepper.js';
import { newtonSettings, type NewtonOptions, type NewtonSettings } from './newton-options.js';

/** What defines a diagonally implicit Runge–Kutta method. */
export interface DiagonallyImplicitRungeKuttaInit {
  /** Registered name, e.g. `kvaerno5`. */
  name: string;
  /** A stiffly accurate diagonally implicit tableau (b equals the last row of A). */
  tableau: ButcherTableau | TableauData;
  /** Order of the propagated solution. */
  order: number;
  /** Order of the embedded estimate (required with `tableau.bErr`). */
  errorOrder?: number;
  /** Stage predictors: row i lists αᵢ₀..αᵢ,ᵢ₋₁ with kᵢ ≈ Σⱼ αᵢⱼkⱼ (default: the previous stage's derivative). */
  predictor?: readonly (readonly number[])[];
  /** Simplified Newton tuning. */
  newton?: NewtonOptions;
  /**
   * Factor on the embedded error estimate (default 1): above 1 for a method whose estimate does not bound
   * the error of the propagated solution at the steps it allows.
   */
  errorScale?: number;
  /** One-line description. */
  description?: string;
}

const hermite = new HermiteInterpolant();

/** Refuse a tableau whose b is not its last row: y₁ must be the last stage (stiff accuracy). */
function checkStifflyAccurate(name: string, t: ButcherTableau): void {
  const s = t.stages;
  const last = t.a[s - 1];
  const ok = t.c[s - 1] === 1 && last.length === s && t.b.every((b, j) => b === last[j]);
  if (!ok) {
    throw new OdeflowError(
      'INVALID_TABLEAU',
      `Method "${name}": a diagonally implicit method here must be stiffly accurate (c_last = 1, b equal to the last row of A, with an implicit last stage), so that y₁ is the last stage.`,
      { method: name },
    );
  }
}

/**
 * A stiffly accurate diagonally implicit Runge–Kutta method (ESDIRK, SDIRK, implicit Euler, trapezoid):
 * a validated tableau solved stage by stage with simplified Newton iterations on I − hγ·J (J from the
 * dynamics through `jacobianEvaluator`, LU from the backend's `linalg`), reusing J and the factors across
 * iterations and steps. Adaptive when the tableau has error weights, fixed-step otherwise. Dense output is
 * the cubic Hermite interpolant through y₀, y₁, f(t₀, y₀) and the last stage's derivative.
 */
export class DiagonallyImplicitRungeKutta implements SteppableSolver {
  /** Registered name. */
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the embedded estimate (adaptive methods only). */
  readonly errorOrder?: number;
  /** True when the tableau has error weights. */
  readonly adaptive: boolean;
  /** True when the first stage is explicit: the last stage's derivative is the next step's first stage. */
  readonly fsal: boolean;
  /** Always true. */
  readonly implicit = true;
  /** Always true: Newton needs ∂f/∂y. */
  readonly needsJacobian = true;
  /** Always true: Newton factorises I − hγ·J. */
  readonly needsLinalg = true;
  /** Always false: one-step. */
  readonly multistep = false;
  /** Cubic Hermite dense output. */
  readonly interpolantOrder = 3;
  /** Implicit stages per step (each costs Newton iterations, one f evaluation apiece). */
  readonly stages: number;
  /** One-line description. */
  readonly description: string;
  /** The validated tableau. */
  readonly tableau: ButcherTableau;
  /** Newton settings with defaults filled in. */
  readonly newton: NewtonSettings;
  private readonly scheme: DirkScheme;

  /**
   * @param init - name, tableau, orders, predictor, Newton tuning
   * @throws OdeflowError INVALID_TABLEAU for an inconsistent or not stiffly accurate tableau,
   *   INVALID_ARGUMENT for bad orders
   */
  constructor(init: DiagonallyImplicitRungeKuttaInit) {
    if (typeof init.name !== 'string' || init.name.length === 0) {
      throw new OdeflowError('INVALID_ARGUMENT', 'A DiagonallyImplicitRungeKutta method needs a non-empty name.');
    }
    if (!Number.isInteger(init.order) || init.order < 1) {
      throw new OdeflowError('INVALID_ARGUMENT', `Method "${init.name}": order must be a positive integer; got ${init.order}.`);
    }
    this.tableau = init.tableau instanceof ButcherTableau ? init.tableau : new ButcherTableau(init.tableau);
    checkStifflyAccurate(init.name, this.tableau);
    this.name = init.name;
    this.order = init.order;
    this.adaptive = this.tableau.bErr !== undefined;
    if (this.adaptive) {
      if (!Number.isInteger(init.errorOrder) || (init.errorOrder as number) < 1) {
        throw new OdeflowError('INVALID_ARGUMENT', `Method "${init.name}" has error weights (bErr), so it needs errorOrder.`);
      }
      this.errorOrder = init.errorOrder;
    }
    this.fsal = this.tableau.diagonal[0] === 0;
    this.stages = this.tableau.diagonal.filter((d) => d !== 0).length;
    this.newton = newtonSettings(init.newton);
    this.description = init.description ?? `diagonally implicit Runge–Kutta method of order ${init.order}`;
    const errorScale = init.errorScale ?? 1;
    if (!(errorScale > 0 && errorScale < Infinity)) {
      throw new OdeflowError('INVALID_ARGUMENT', `Method "${init.name}": errorScale must be a positive finite number; got ${init.errorScale}.`);
    }
    this.scheme = { name: this.name, tableau: this.tableau, predictor: init.predictor, newton: this.newton, errorScale };
  }

  /** Cubic Hermite weights over the recorded stages [f(t₀, y₀), f(t₁, y₁)]. */
  denseWeights(theta: number): DenseWeights {
    return hermite.weights(theta, 2);
  }

  /** d/dθ of {@link DiagonallyImplicitRungeKutta.denseWeights}. */
  denseWeightDerivatives(theta: number): DenseWeights {
    return hermite.derivativeWeights(theta, 2);
  }

  /** Create the per-solve stepper (allocation-free per step; needs a backend with `inPlace.view` and `linalg`). */
  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    return new DirkStepper(this.scheme, ctx, y0);
  }
}
