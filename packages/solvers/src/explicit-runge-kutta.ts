import { OdeflowError, type TableauData } from '@odeflow/core';
import { ButcherTableau } from './butcher-tableau.js';
import { HermiteInterpolant } from './hermite-interpolant.js';
import type { DenseWeights, Interpolant } from './interpolant.js';
import type { DenseStages } from './dense-stages.js';
import { RungeKuttaPlan } from './runge-kutta-plan.js';
import { RungeKuttaStepper } from './runge-kutta-stepper.js';
import { stiffStage } from './stiff-stage.js';
import type { SteppableSolver, Stepper, StepperContext } from './stepper.js';

/** The refusal of a diagonally implicit tableau by the explicit stepper, which would compute garbage with it. */
function implicitTableau(name: string, tableau: ButcherTableau): OdeflowError {
  const rows = tableau.diagonal.flatMap((d, i) => (d !== 0 ? [i] : []));
  return new OdeflowError(
    'UNSUPPORTED',
    `Method "${name}": its tableau is diagonally implicit (nonzero aᵢᵢ in row${rows.length > 1 ? 's' : ''} ${rows.join(', ')}), ` +
      'and ExplicitRungeKutta computes explicit stages only. Step it with an implicit method (a DIRK/SDIRK stepper ' +
      'that solves each stage with Newton iterations), or use an explicit tableau (rows of A with i entries).',
    { method: name, implicitRows: rows },
  );
}

/** What defines an explicit Runge–Kutta method besides its tableau. */
export interface ExplicitRungeKuttaInit {
  /** Registered name, e.g. `dopri5`. */
  name: string;
  /** The Butcher tableau (validated here if given as plain data). */
  tableau: ButcherTableau | TableauData;
  /** Order of the propagated solution. */
  order: number;
  /** Order of the embedded estimate (required with `tableau.bErr`). */
  errorOrder?: number;
  /** Dense output; default the cubic Hermite interpolant. */
  interpolant?: Interpolant;
  /** One-line description. */
  description?: string;
  /**
   * Second error weights for Hairer's DOP853 estimate: err = ‖e₅‖²/√(‖e₅‖² + 0.01‖e₃‖²) with e₅ from
   * `tableau.bErr` and e₃ from these.
   */
  bErr3?: readonly number[];
  /** Extra stages the interpolant needs, evaluated only for steps whose dense output is used (DOP853). */
  denseStages?: DenseStages;
  /**
   * Where the method's stability region meets the negative real axis (|h·λ|), for Hairer's stiffness test
   * (3.25 for dopri5). Used only by tableaus with two stages at c = 1 as the last ones (FSAL methods such as
   * dopri5, whose last stage is f(t₁, y₁), and Verner's pairs), where the test costs two differences of data
   * the step already holds; without it the method does not detect stiffness.
   */
  stiffnessBound?: number;
}

/**
 * An explicit Runge–Kutta method: a validated tableau plus its interpolant. Every built-in RK method is
 * one, and users build their own the same way and bind it by name:
 * `bindNamed(container, TOKENS.Solver, 'mine', new ExplicitRungeKutta({ name: 'mine', tableau, order }))`.
 * The recorded stages of a step are the tableau's stages followed, for non-FSAL methods, by f(t₁, y₁).
 */
export class ExplicitRungeKutta implements SteppableSolver {
  /** Registered name. */
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the embedded error estimate (adaptive methods only). */
  readonly errorOrder?: number;
  /** True when the tableau has error weights. */
  readonly adaptive: boolean;
  /** First same as last. */
  readonly fsal: boolean;
  /** Always false: explicit. */
  readonly implicit = false;
  /** Always false: one-step. */
  readonly multistep = false;
  /** Order of the dense output. */
  readonly interpolantOrder: number;
  /** f evaluations per step, excluding the FSAL reuse. */
  readonly stages: number;
  /** One-line description. */
  readonly description: string;
  /** The validated Butcher tableau. */
  readonly tableau: ButcherTableau;
  /** The dense output. */
  readonly interpolant: Interpolant;
  /** Second error weights of a DOP853-style estimate. */
  readonly bErr3?: readonly number[];
  /** Extra stages of the dense output, if any. */
  readonly denseStages?: DenseStages;
  /** |h·λ| at the edge of the stability region when the method can detect stiffness (see {@link ExplicitRungeKuttaInit.stiffnessBound}). */
  readonly stiffnessBound?: number;
  private plan?: RungeKuttaPlan;

  /**
   * @param init - name, tableau, orders, interpolant
   * @throws OdeflowError INVALID_TABLEAU for an inconsistent tableau, UNSUPPORTED for a diagonally implicit one,
   *   INVALID_ARGUMENT for bad orders
   */
  constructor(init: ExplicitRungeKuttaInit) {
    if (typeof init.name !== 'string' || init.name.length === 0) {
      throw new OdeflowError('INVALID_ARGUMENT', 'An ExplicitRungeKutta method needs a non-empty name.');
    }
    if (!Number.isInteger(init.order) || init.order < 1) {
      throw new OdeflowError('INVALID_ARGUMENT', `Method "${init.name}": order must be a positive integer; got ${init.order}.`);
    }
    this.tableau = init.tableau instanceof ButcherTableau ? init.tableau : new ButcherTableau(init.tableau);
    if (this.tableau.implicit) throw implicitTableau(init.name, this.tableau);
    this.name = init.name;
    this.order = init.order;
    this.adaptive = this.tableau.bErr !== undefined;
    if (this.adaptive) {
      if (!Number.isInteger(init.errorOrder) || (init.errorOrder as number) < 1) {
        throw new OdeflowError(
          'INVALID_ARGUMENT',
          `Method "${init.name}" has error weights (bErr), so it needs errorOrder (the order of its embedded estimate).`,
        );
      }
      this.errorOrder = init.errorOrder;
    }
    if (init.bErr3) {
      if (init.bErr3.length !== this.tableau.stages) {
        throw new OdeflowError('INVALID_TABLEAU', `Method "${init.name}": bErr3 needs one entry per stage (${this.tableau.stages}).`);
      }
      this.bErr3 = Object.freeze([...init.bErr3]);
    }
    if (init.denseStages) {
      const base = this.tableau.fsal ? this.tableau.stages : this.tableau.stages + 1;
      init.denseStages.a.forEach((row, i) => {
        if (row.length > base + i) {
          throw new OdeflowError('INVALID_TABLEAU', `Method "${init.name}": dense stage ${i} has ${row.length} coefficients; at most ${base + i} earlier stages exist.`);
        }
      });
      this.denseStages = init.denseStages;
    }
    this.fsal = this.tableau.fsal;
    this.stages = this.fsal ? this.tableau.stages - 1 : this.tableau.stages;
    this.interpolant = init.interpolant ?? new HermiteInterpolant();
    this.interpolantOrder = this.interpolant.order;
    this.description = init.description ?? `explicit Runge–Kutta method of order ${init.order}`;
    if (init.stiffnessBound !== undefined && stiffStage(this.tableau) >= 0) this.stiffnessBound = init.stiffnessBound;
  }

  /** Number of stage derivatives recorded per step (stages, plus f(t₁, y₁) for non-FSAL methods). */
  get recordedStages(): number {
    return (this.fsal ? this.tableau.stages : this.tableau.stages + 1) + (this.denseStages?.c.length ?? 0);
  }

  /**
   * Dense-output weights at θ ∈ [0, 1] of a step t₀ → t₀ + dt, linear in the recorded data:
   * y(t₀ + θ·dt) = w.y0·y₀ + w.y1·y₁ + dt·Σᵢ w.k[i]·kᵢ, where kᵢ are the step's recorded stage
   * derivatives ({@link ExplicitRungeKutta.recordedStages} of them: the tableau's stages, then f(t₁, y₁)
   * for non-FSAL methods, then the dense-output stages if the method has any). At θ = 1 the weights
   * give y₁ exactly for the Hermite-form interpolants.
   */
  denseWeights(theta: number): DenseWeights {
    return this.interpolant.weights(theta, this.recordedStages);
  }

  /** {@link ExplicitRungeKutta.denseWeights} into `out`, allocating nothing when the interpolant can (`weightsInto`). */
  denseWeightsInto(theta: number, out: DenseWeights): DenseWeights {
    const ip = this.interpolant;
    return ip.weightsInto ? ip.weightsInto(theta, this.recordedStages, out) : ip.weights(theta, this.recordedStages);
  }

  /** d/dθ of {@link ExplicitRungeKutta.denseWeights} (the interpolant's own derivative). */
  denseWeightDerivatives(theta: number): DenseWeights {
    return this.interpolant.derivativeWeights(theta, this.recordedStages);
  }

  /** Create the per-solve stepper (allocation-free on backends with in-place ops). */
  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    // built once per method: a training loop creates a stepper for every solve
    this.plan ??= new RungeKuttaPlan(this);
    return new RungeKuttaStepper(this.plan, ctx, y0);
  }
}
