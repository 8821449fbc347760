import type { TensorBackend } from '@odeflow/core';
import type { OptimizerName } from './pipeline-spec.js';

/** Updates parameter tensors from their gradients; replaces the entries of `params` in place. */
export interface PipelineOptimizer<T> {
  /** One step: `params[k]` ← update(params[k], grads[k]); the old tensors are disposed. */
  step(params: T[], grads: readonly T[]): void;
  /** Release the optimizer's state. */
  dispose(): void;
}

/**
 * An optimizer for a train stage (PyTorch's formulae: SGD; Adam with β = (0.9, 0.999), ε = 1e-8;
 * RMSprop with α = 0.99, ε = 1e-8), with its state kept in float64 whatever the backend.
 */
export function createPipelineOptimizer<T>(name: OptimizerName, lr: number, backend: TensorBackend<T>, params: readonly T[]): PipelineOptimizer<T> {
  const m = params.map((p) => new Float64Array(backend.size(p)));
  const v = params.map((p) => new Float64Array(backend.size(p)));
  let t = 0;
  return {
    step(ps, grads) {
      t++;
      for (let k = 0; k < ps.length; k++) {
        const p = backend.toFloat64Array(ps[k]!);
        const g = backend.toFloat64Array(grads[k]!);
        const mk = m[k]!;
        const vk = v[k]!;
        for (let i = 0; i < p.length; i++) {
          const gi = g[i]!;
          if (name === 'sgd') p[i]! -= lr * gi;
          else if (name === 'rmsprop') {
            vk[i] = 0.99 * vk[i]! + 0.01 * gi * gi;
            p[i]! -= (lr * gi) / (Math.sqrt(vk[i]!) + 1e-8);
          } else {
            mk[i] = 0.9 * mk[i]! + 0.1 * gi;
            vk[i] = 0.999 * vk[i]! + 0.001 * gi * gi;
            const mh = mk[i]! / (1 - 0.9 ** t);
            const vh = vk[i]! / (1 - 0.999 ** t);
            p[i]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
          }
        }
        const next = backend.fromArray(p, backend.shape(ps[k]!));
        backend.dispose(ps[k]!);
        ps[k] = next;
      }
    },
    dispose() {},
  };
}
