import { markParamsChanged, type JsTensor, type TensorBackend } from '@odeflow/core';
import type { Optimizer } from './optimizer.js';
import { checkOptimizerBackend, readOptimizerOptions } from './optimizer-options.js';
import { allJs, checkHyper, OptimizerState, replaceParam } from './optimizer-state.js';

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Step size (default 0.001). */
  readonly learningRate?: number;
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  readonly beta2?: number;
  /** Added to √v̂ (default 1e-7, tfjs's value on its float32 backends; PyTorch uses 1e-8). */
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba), with the formulae of tfjs's `tf.train.adam`:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε),
 * where β₁ᵗ and β₂ᵗ are accumulated by multiplication as tfjs does.
 */
export class Adam<T> implements Optimizer<T> {
  /** Name. */
  readonly name = 'adam';
  private rate = 0;
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator offset. */
  readonly epsilon: number;
  private count = 0;
  private accBeta1: number;
  private accBeta2: number;
  private readonly state: OptimizerState<T>;

  /**
   * @param backend - backend of the parameters
   * @param options - hyper-parameters
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    options: AdamOptions = {},
  ) {
    checkOptimizerBackend('adam', backend);
    const o = readOptimizerOptions('adam', options, ['learningRate', 'beta1', 'beta2', 'epsilon']) as AdamOptions;
    this.learningRate = o.learningRate ?? 0.001;
    this.beta1 = checkHyper('adam', 'beta1', o.beta1 ?? 0.9, 0, 1, false, true);
    this.beta2 = checkHyper('adam', 'beta2', o.beta2 ?? 0.999, 0, 1, false, true);
    this.epsilon = checkHyper('adam', 'epsilon', o.epsilon ?? 1e-7, 0, Infinity);
    this.accBeta1 = this.beta1;
    this.accBeta2 = this.beta2;
    this.state = new OptimizerState(backend, ['m', 'v'], 'adam');
  }

  /** Step size (> 0, finite); may be changed between steps (schedules): any other value is INVALID_ARGUMENT at once. */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = checkHyper('adam', 'learningRate', value, 0, Infinity, true);
  }

  /** Steps taken. */
  get iterations(): number {
    return this.count;
  }

  /** One Adam update of every parameter. */
  step(params: T[], grads: readonly T[]): void {
    this.state.prepare(params, grads);
    const { beta1: b1, beta2: b2, epsilon: eps, learningRate: lr } = this;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    if (allJs(params, grads)) {
      for (let i = 0; i < params.length; i++) {
        const p = (params[i] as JsTensor).data;
        const g = (grads[i] as JsTensor).data;
        const m = (this.state.get(0, i) as JsTensor).data;
        const v = (this.state.get(1, i) as JsTensor).data;
        for (let k = 0; k < p.length; k++) {
          const gk = g[k];
          const mk = b1 * m[k] + (1 - b1) * gk;
          const vk = b2 * v[k] + (1 - b2) * gk * gk;
          m[k] = mk;
          v[k] = vk;
          p[k] -= lr * ((mk / c1) / (Math.sqrt(vk / c2) + eps));
        }
      }
      markParamsChanged(params); // written in place: blocks must see the new values
    } else {
      const b = this.backend;
      for (let i = 0; i < params.length; i++) {
        const g = grads[i];
        const next = b.tidy(() => {
          const m = b.lincomb([b1, 1 - b1], [this.state.get(0, i), g]);
          const v = b.lincomb([b2, 1 - b2], [this.state.get(1, i), b.mul(g, g)]);
          const denom = b.add(b.pow(b.div(v, c2), 0.5), eps);
          const p = b.sub(params[i], b.mul(b.div(b.div(m, c1), denom), lr));
          return { m, v, p };
        });
        this.state.set(0, i, next.m);
        this.state.set(1, i, next.v);
        replaceParam(b, params, i, next.p);
      }
    }
    this.accBeta1 *= b1;
    this.accBeta2 *= b2;
    this.count++;
  }

  /** Release the moment estimates. */
  dispose(): void {
    this.state.dispose();
  }
}
