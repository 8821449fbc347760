import { markParamsChanged, OdeflowError, type JsTensor, type TensorBackend } from '@odeflow/core';
import type { Optimizer } from './optimizer.js';
import { checkFlag, checkOptimizerBackend, readOptimizerOptions } from './optimizer-options.js';
import { allJs, checkHyper, OptimizerState, replaceParam } from './optimizer-state.js';

/**
 * Which RMSprop to reproduce. They differ in where ε goes and in their defaults:
 * - `tfjs` (`tf.train.rmsprop`, also TensorFlow 1's): s ← ρs + (1−ρ)g²; u ← μu + η·g/√(s + ε);
 *   θ ← θ − u. Defaults ρ = 0.9, ε = 1e-7 (tfjs's float32 epsilon).
 * - `torch` (`torch.optim.RMSprop`, used by torchdiffeq's ode_demo): s ← αs + (1−α)g²;
 *   d = √s + ε; without momentum θ ← θ − η·g/d, with momentum u ← μu + g/d and θ ← θ − η·u.
 *   Defaults α = 0.99, ε = 1e-8.
 * Centered variants subtract the squared running mean of g inside the square root:
 * √(s − ḡ² + ε) (`tfjs`; tfjs itself computes s − ḡ² − ε, which we take to be a slip and do not copy)
 * and √(s − ḡ²) + ε (`torch`).
 */
export type RmsPropStyle = 'tfjs' | 'torch';

/** Options of {@link RmsProp}. */
export interface RmsPropOptions {
  /** Step size (> 0). */
  readonly learningRate: number;
  /** Formulae and defaults to follow (default `tfjs`). */
  readonly style?: RmsPropStyle;
  /** Decay ρ (α in PyTorch) of the running mean of g², in [0, 1) (default 0.9 for tfjs, 0.99 for torch). */
  readonly decay?: number;
  /** Momentum μ in [0, 1) (default 0). */
  readonly momentum?: number;
  /** ε (default 1e-7 for tfjs, 1e-8 for torch). */
  readonly epsilon?: number;
  /** Normalise by the running variance instead of the running second moment (default false). */
  readonly centered?: boolean;
}

/** RMSprop (Tieleman & Hinton) in the `tfjs` or `torch` formulation; see {@link RmsPropStyle}. */
export class RmsProp<T> implements Optimizer<T> {
  /** Name. */
  readonly name = 'rmsprop';
  private rate = 0;
  /** Formulation followed. */
  readonly style: RmsPropStyle;
  /** Decay of the running mean of g². */
  readonly decay: number;
  /** Momentum. */
  readonly momentum: number;
  /** ε. */
  readonly epsilon: number;
  /** Centered variant. */
  readonly centered: boolean;
  private count = 0;
  private readonly state: OptimizerState<T>;

  /**
   * @param backend - backend of the parameters
   * @param options - hyper-parameters
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    options: RmsPropOptions,
  ) {
    checkOptimizerBackend('rmsprop', backend);
    const o = readOptimizerOptions('rmsprop', options, ['learningRate', 'style', 'decay', 'momentum', 'epsilon', 'centered']) as unknown as RmsPropOptions;
    this.style = o.style ?? 'tfjs';
    if (this.style !== 'tfjs' && this.style !== 'torch') {
      throw new OdeflowError('INVALID_ARGUMENT', `rmsprop: style must be 'tfjs' or 'torch', got '${String(this.style)}'.`);
    }
    const torch = this.style === 'torch';
    this.learningRate = o.learningRate;
    this.decay = checkHyper('rmsprop', 'decay', o.decay ?? (torch ? 0.99 : 0.9), 0, 1, false, true);
    this.momentum = checkHyper('rmsprop', 'momentum', o.momentum ?? 0, 0, 1, false, true);
    this.epsilon = checkHyper('rmsprop', 'epsilon', o.epsilon ?? (torch ? 1e-8 : 1e-7), 0, Infinity);
    this.centered = checkFlag('rmsprop', 'centered', o.centered);
    // slots: 0 mean square, 1 momentum buffer, 2 mean gradient (centered)
    this.state = new OptimizerState(backend, this.centered ? ['meanSquare', 'moment', 'meanGrad'] : ['meanSquare', 'moment'], 'rmsprop');
  }

  /** Step size (> 0, finite); may be changed between steps (schedules): any other value is INVALID_ARGUMENT at once. */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = checkHyper('rmsprop', 'learningRate', value, 0, Infinity, true);
  }

  /** Steps taken. */
  get iterations(): number {
    return this.count;
  }

  /** One RMSprop update of every parameter. */
  step(params: T[], grads: readonly T[]): void {
    this.state.prepare(params, grads);
    const { decay: rho, momentum: mu, epsilon: eps, learningRate: lr, centered } = this;
    const torch = this.style === 'torch';
    if (allJs(params, grads)) {
      for (let i = 0; i < params.length; i++) {
        const p = (params[i] as JsTensor).data;
        const g = (grads[i] as JsTensor).data;
        const s = (this.state.get(0, i) as JsTensor).data;
        const u = (this.state.get(1, i) as JsTensor).data;
        const gm = centered ? (this.state.get(2, i) as JsTensor).data : null;
        for (let k = 0; k < p.length; k++) {
          const gk = g[k];
          const sk = rho * s[k] + (1 - rho) * gk * gk;
          s[k] = sk;
          let variance = sk;
          if (gm !== null) {
            const mk = rho * gm[k] + (1 - rho) * gk;
            gm[k] = mk;
            variance = sk - mk * mk;
          }
          if (torch) {
            const d = Math.sqrt(variance) + eps;
            if (mu > 0) {
              const uk = mu * u[k] + gk / d;
              u[k] = uk;
              p[k] -= lr * uk;
            } else {
              p[k] -= lr * (gk / d);
            }
          } else {
            const uk = mu * u[k] + (lr * gk) / Math.sqrt(variance + eps);
            u[k] = uk;
            p[k] -= uk;
          }
        }
      }
      markParamsChanged(params); // written in place: blocks must see the new values
    } else {
      const b = this.backend;
      for (let i = 0; i < params.length; i++) {
        const g = grads[i];
        const next = b.tidy(() => {
          const s = b.lincomb([rho, 1 - rho], [this.state.get(0, i), b.mul(g, g)]);
          const gm = centered ? b.lincomb([rho, 1 - rho], [this.state.get(2, i), g]) : undefined;
          const variance = gm === undefined ? s : b.sub(s, b.mul(gm, gm));
          let u: T;
          let p: T;
          if (torch) {
            const ratio = b.div(g, b.add(b.pow(variance, 0.5), eps));
            if (mu > 0) {
              u = b.lincomb([mu, 1], [this.state.get(1, i), ratio]);
              p = b.lincomb([1, -lr], [params[i], u]);
            } else {
              u = this.state.get(1, i);
              p = b.lincomb([1, -lr], [params[i], ratio]);
            }
          } else {
            u = b.lincomb([mu, 1], [this.state.get(1, i), b.div(b.mul(g, lr), b.pow(b.add(variance, eps), 0.5))]);
            p = b.sub(params[i], u);
          }
          return { s, u, gm, p };
        });
        this.state.set(0, i, next.s);
        this.state.set(1, i, next.u);
        if (next.gm !== undefined) this.state.set(2, i, next.gm);
        replaceParam(b, params, i, next.p);
      }
    }
    this.count++;
  }

  /** Release the running averages and momentum buffers. */
  dispose(): void {
    this.state.dispose();
  }
}
