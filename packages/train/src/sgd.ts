import { markParamsChanged, type JsTensor, type TensorBackend } from '@odeflow/core';
import type { Optimizer } from './optimizer.js';
import { checkFlag, checkOptimizerBackend, readOptimizerOptions } from './optimizer-options.js';
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
  private rate = 0;
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
    checkOptimizerBackend('sgd', backend);
    const o = readOptimizerOptions('sgd', options, ['learningRate', 'momentum', 'nesterov']);
    this.learningRate = o.learningRate as number;
    this.momentum = checkHyper('sgd', 'momentum', (o.momentum ?? 0) as number, 0, 1, false, true);
    this.nesterov = checkFlag('sgd', 'nesterov', o.nesterov);
    this.state = new OptimizerState(backend, this.momentum > 0 ? ['velocity'] : [], 'sgd');
  }

  /** Step size (> 0, finite); may be changed between steps (schedules): any other value is INVALID_ARGUMENT at once. */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = checkHyper('sgd', 'learningRate', value, 0, Infinity, true);
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
      markParamsChanged(params); // written in place: blocks must see the new values
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
