import type { SensitivityContext } from '@odeflow/core';
import { AdjointBackward } from './adjoint-backward.js';
import { ADJOINT_OPTION_KEYS, checkAdjointOptions, type AdjointOptions } from './adjoint-options.js';
import type { ForwardOptions } from './forward-options.js';
import type { UncheckedOptions } from './sensitivity-options.js';
import type { DifferentiableProblem } from './differentiable-problem.js';
import { SensitivityScaffold, type SensitivityPass } from './sensitivity-scaffold.js';
import { interpolatingPass } from './interpolating-pass.js';

/**
 * The adjoint method of Chen et al. (2018), Algorithm 1: the forward solve keeps only its outputs; the
 * backward pass solves the augmented state [z, a, a_θ, a_t] from t_N back to t_0 interval by interval,
 * resetting z to the stored forward output and adding ∂L/∂y(tᵢ) to a at each output time. ∂L/∂tᵢ = ∂L/∂y(tᵢ)ᵀf
 * for i ≥ 1, and ∂L/∂t₀ is the a_t channel (Appendix B; torchdiffeq's convention). Memory does not grow with
 * the number of steps; accuracy is the backward solve's. Each backward interval after the first starts
 * from twice the previous interval's mean accepted step rather than from the first-step heuristic
 * (torchdiffeq restarts it on every interval), which saves about a third of the backward evaluations
 * when the output times are close together. The run's `solution.ys` are the stored forward
 * states the backward pass resets z to: keep them alive until `backward` has run.
 *
 * Options (`sensitivityOptions`, see {@link AdjointOptions}): `adjointMethod` (a registered solver name; default the forward solver),
 * `adjointRtol`, `adjointAtol` (default the forward tolerances; with `'interpolate'` the atol follows a's size, see
 * {@link AdjointOptions.adjointAtol}), `adjointOptions` (integration options of the
 * backward solve, over the forward ones), `norm`: the backward step-acceptance norm — `'mixed'` (default,
 * torchdiffeq's: the largest scaled RMS error over the channels z, a, each parameter's part of a_θ, a_t), `'seminorm'` (the same
 * without a_θ and a_t: fewer backward steps) or `'rms'` (one RMS over the whole flat state).
 *
 * `adjointState: 'interpolate'` (the default when the forward solver is implicit) does not backsolve z, which is
 * unstable on stiff problems: the forward solve keeps every accepted step (float64 copies of its states and stages,
 * O(steps) memory, counted in `peakBytes`), z(t) is read from its dense output, the adjoint equation
 * da/dt = −(∂f/∂z)ᵀa is solved alone backward by the same method with its Jacobian from the forward dynamics' source,
 * and a_θ, a_t are integrated by Gauss–Legendre quadrature over each backward step (so the backward linear solves
 * stay of size n). `'backsolve'` is the default for explicit solvers.
 */
export class AdjointSensitivity extends SensitivityScaffold<AdjointOptions> {
  /** Registered name. */
  readonly name = 'adjoint';
  /** Accepted sensitivity options. */
  readonly optionKeys = ADJOINT_OPTION_KEYS;

  /** Keep only the outputs forward; the backward pass solves the augmented system. */
  protected prepare<T>(
    problem: DifferentiableProblem<T>,
    context: SensitivityContext<T, ForwardOptions, AdjointOptions>,
    options: UncheckedOptions<AdjointOptions>,
  ): SensitivityPass<T> {
    const opts = checkAdjointOptions(context, options);
    if (opts.state === 'interpolate') return interpolatingPass(problem, context, opts);
    return {
      stepsForward: (solution) => solution.stats.accepted,
      release: () => {},
      backward: (forward, cotangents, stats) => new AdjointBackward(problem, forward, opts).gradients(cotangents, stats),
    };
  }
}
