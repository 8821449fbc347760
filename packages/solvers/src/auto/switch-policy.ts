import { StiffnessDetector } from '../stiffness-detector.js';

/** Stiff-looking explicit steps (with fewer than {@link NON_STIFF_STEPS} calm ones in a row between them) that switch. */
const STIFF_STEPS = 3;
/** The first accepted steps of an explicit phase are all tested: stiffness often sets in right after a transient. */
const EAGER_STEPS = 20;
/** Calm explicit steps in a row that reset the count of stiff-looking ones (dopri5.f's 6). */
const NON_STIFF_STEPS = 6;
/** Accepted explicit steps between two tests while none looks stiff (a prime, as for the stiffness check). */
const EVERY = 17;
/** The stiff method's |h|·ρ(J) must be below this fraction of the explicit method's bound to count as calm. */
const CALM_FRACTION = 0.5;
/** Calm stiff steps in a row that switch back, at first. */
const CALM_STEPS = 5;
/** At most this many, after repeated bounces. */
const MAX_CALM_STEPS = 320;
/** An explicit phase shorter than this (accepted steps) that ends in stiffness again is a bounce. */
const SHORT_PHASE = 60;

/**
 * When a switching solve changes method. On the explicit method: Hairer's test as the stiffness check runs it
 * ({@link StiffnessDetector}), but on every one of the first {@link EAGER_STEPS} accepted steps of an explicit
 * phase, then every {@link EVERY} while calm and every step once one looks stiff; {@link STIFF_STEPS}
 * stiff-looking steps switch to the stiff method (fewer than the check's 15: a false alarm costs a few stiff
 * steps here, not the solve). On the stiff method:
 * its step size times the spectral radius of the Jacobian it factorises, against {@link CALM_FRACTION} of the
 * explicit method's bound — the explicit method would be stable well inside its region at the stiff method's
 * step — for {@link CALM_STEPS} steps in a row. The gap between the two thresholds, and a calm run that
 * doubles each time an explicit phase ends in stiffness again within {@link SHORT_PHASE} steps (and returns to
 * its first length after a long one), keep a problem at the border from flip-flopping between the methods.
 */
export class SwitchPolicy {
  private detector: StiffnessDetector;
  private calmRun = 0;
  private calmSteps = CALM_STEPS;
  private explicitSteps = 0;
  private wentBack = false;

  /** @param bound - the explicit method's stiffness bound |h·λ| */
  constructor(private readonly bound: number) {
    this.detector = new StiffnessDetector(bound, STIFF_STEPS, NON_STIFF_STEPS, EVERY);
  }

  /** On the explicit method, once per accepted step: whether to estimate this step's h·ρ. */
  due(): boolean {
    return ++this.explicitSteps <= EAGER_STEPS || this.detector.due();
  }

  /** On the explicit method: a tested step's estimate of |h|·ρ; true when the solve should switch to the stiff method. */
  stiff(hRho: number): boolean {
    return this.detector.observe(hRho);
  }

  /** |h|·ρ(J) of a stiff step at most this counts as calm. */
  get calmLimit(): number {
    return CALM_FRACTION * this.bound;
  }

  /** On the stiff method, once per accepted step: its |h|·ρ(J); true when the solve should switch back. */
  calm(hRho: number): boolean {
    if (hRho <= CALM_FRACTION * this.bound) return ++this.calmRun >= this.calmSteps;
    this.calmRun = 0;
    return false;
  }

  /** The solve switched to the stiff method. */
  toStiff(): void {
    if (this.wentBack) this.calmSteps = this.explicitSteps < SHORT_PHASE ? Math.min(2 * this.calmSteps, MAX_CALM_STEPS) : CALM_STEPS;
    this.calmRun = 0;
  }

  /** The solve switched back to the explicit method. */
  toExplicit(): void {
    this.detector = new StiffnessDetector(this.bound, STIFF_STEPS, NON_STIFF_STEPS, EVERY);
    this.explicitSteps = 0;
    this.wentBack = true;
  }
}
