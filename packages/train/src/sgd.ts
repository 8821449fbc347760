import type { JsTensor, TensorBackend } from '@odeflow/core';
import type { Optimizer } from './optimizer.js';
import { allJs, checkHyper, OptimizerState, replaceParam } from './optimizer-state.js';

/** Options of {@link Sgd}. */
export interface SgdOptions {
  /** Step size (> 0). */
  readonly learningRate: number;
  /** Momentum coefficient in [0, 1) (default 0: plain gradient descent). */
  readonly momentum?: number;
  /** Nesterov momentum (default false). */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with the formulae of tfjs's `tf.train.sgd` and `tf.train.momentum`
 * (which equal PyTorch's SGD with dampening 0):
 * without momentum θ ← θ − η·g; with momentum μ, v ← μ·v + g and θ ← θ − η·v, or with Nesterov
 * θ ← θ − η·(g + μ·v).
 */
export class Sgd<T> implements Optimizer<T> {
  /** Name. */
  readonly name = 'sgd';
  /** Step size. */
  learningRate: number;
  /** Momentum coefficient. */
  readonly momentum: number;
  /** Nesterov momentum. */
  readonly nesterov: boolean;
  private count = 0;
  private readonly state: OptimizerState<T>;

  /**
   * @param backend - backend of the parameters
   * @param options - hyper-parameters
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    options: SgdOptions,
  ) {
    this.learningRate = checkHyper('sgd', 'learningRate', options.learningRate, 0, Infinity, true);
    this.momentum = checkHyper('sgd', 'momentum', options.momentum ?? 0, 0, 1, false, true);
    this.nesterov = options.nesterov === true;
    this.state = new OptimizerState(backend, this.momentum > 0 ? ['velocity'] : [], 'sgd');
  }

  /** Steps taken. */
  get iterations(): number {
    return this.count;
  }

  /** θ ← θ − η·(g or the momentum direction). */
  step(params: T[], grads: readonly T[]): void {
    this.state.prepare(params, grads);
    const lr = this.learningRate;
    const mu = this.momentum;
    if (allJs(params, grads)) {
      for (let i = 0; i < params.length; i++) {
        const p = (params[i] as JsTensor).data;
        const g = (grads[i] as JsTensor).data;
        if (mu === 0) {
          for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
        } else {
          const v = (this.state.get(0, i) as JsTensor).data;
          for (let k = 0; k < p.length; k++) {
            const vk = mu * v[k] + g[k];
            v[k] = vk;
            p[k] -= this.nesterov ? lr * (g[k] + mu * vk) : lr * vk;
          }
        }
      }
    } else {
      const b = this.backend;
      for (let i = 0; i < params.length; i++) {
        const g = grads[i];
        const next = b.tidy(() => {
          if (mu === 0) return { p: b.lincomb([1, -lr], [params[i], g]), v: undefined };
          const v = b.lincomb([mu, 1], [this.state.get(0, i), g]);
          const p = this.nesterov ? b.lincomb([1, -lr, -lr * mu], [params[i], g, v]) : b.lincomb([1, -lr], [params[i], v]);
          return { p, v };
        });
        if (next.v !== undefined) this.state.set(0, i, next.v);
        replaceParam(b, params, i, next.p);
      }
    }
    this.count++;
  }

  /** Release the momentum buffers. */
  dispose(): void {
    this.state.dispose();
  }
}
