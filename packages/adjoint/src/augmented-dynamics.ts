import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { CountingDynamics } from './counting-dynamics.js';

/**
 * The adjoint's augmented system on one flat tensor s = [z, a, a_θ, a_t] (Chen et al. 2018, Algorithm 1
 * and Appendix B): ds/dt = [f(t, z, θ), −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t], all four from one VJP of the
 * dynamics. Flat, so that any solver and its error control see one state.
 */
export class AugmentedDynamics<T> implements Dynamics<T> {
  /** Name for messages. */
  readonly name: string;
  /** Sizes of the channels z, a, a_θ, a_t in the flat state. */
  readonly sizes: readonly number[];
  /**
   * The flat state split finer, for error control: z, a, one piece of a_θ per parameter tensor, a_t —
   * the tuple torchdiffeq's adjoint integrates, each part normed on its own.
   */
  readonly channels: readonly number[];

  /**
   * @param backend - backend of the state
   * @param dynamics - the (counted) forward dynamics
   * @param params - θ, held constant during the backward solve
   * @param yShape - shape of z and a
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: CountingDynamics<T>,
    private readonly params: readonly T[],
    private readonly yShape: readonly number[],
  ) {
    this.name = `adjoint of ${dynamics.name ?? 'dynamics'}`;
    const n = yShape.reduce((p, d) => p * d, 1);
    const p = params.reduce((s, x) => s + backend.size(x), 0);
    this.sizes = [n, n, p, 1];
    this.channels = [n, n, ...params.map((x) => backend.size(x)), 1];
  }

  /** [f, −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t] at (t, s); the problem's θ are used, not `_params`. */
  f(t: number, s: T, _params: readonly T[]): T {
    const b = this.backend;
    return b.tidy(() => {
      const [z, a] = b.split(s, this.sizes);
      const flat = this.yShape.length === 1;
      const v = this.dynamics.vjp(t, flat ? z : b.reshape(z, this.yShape), flat ? a : b.reshape(a, this.yShape), this.params);
      return b.concat([v.f, b.neg(v.y), ...v.params.map((g) => b.neg(g)), b.fromArray([-v.t])]);
    });
  }
}
