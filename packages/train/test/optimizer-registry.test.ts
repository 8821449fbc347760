// Optimizers are a registry: factories bound by kind in a container, looked up by name.
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindNamed, JsBackend, type JsTensor, type TensorBackend } from '@odeflow/core';
import { createOptimizer, Sgd, TRAIN_TOKENS, trainModule, type Optimizer, type OptimizerFactory } from '@odeflow/train';

const backend = new JsBackend();

/** p ← p − lr·sign(g): a user optimizer written against the Optimizer contract. */
class SignDescent implements Optimizer<JsTensor> {
  readonly name = 'sign';
  iterations = 0;
  constructor(public learningRate: number) {}
  step(params: JsTensor[], grads: readonly JsTensor[]): void {
    params.forEach((p, k) => p.data.forEach((v, i) => (p.data[i] = v - this.learningRate * Math.sign(grads[k]!.data[i]!))));
    this.iterations++;
  }
  dispose(): void {}
}

const signDescent: OptimizerFactory = {
  kind: 'sign',
  description: 'sign descent',
  keys: ['kind', 'learningRate'],
  create: <T>(spec: Readonly<Record<string, unknown>>, _b: TensorBackend<T>) =>
    new SignDescent(spec.learningRate as number) as unknown as Optimizer<T>,
};

describe('optimizer registry', () => {
  it('a factory bound under a new kind is created by name', () => {
    const c = new Container();
    c.load(trainModule);
    bindNamed(c, TRAIN_TOKENS.Optimizer, 'sign', signDescent);
    const opt = createOptimizer({ kind: 'sign', learningRate: 0.5 }, backend, 'optimizer', c);
    const params = [backend.fromArray([1, -2])];
    opt.step(params, [backend.fromArray([3, -0.1])]);
    expect(Array.from(params[0]!.data)).toEqual([0.5, -1.5]);
    expect(createOptimizer({ kind: 'sgd', learningRate: 0.1 }, backend, 'optimizer', c)).toBeInstanceOf(Sgd);
    expect(() => createOptimizer({ kind: 'sign', lr: 1 } as never, backend, 'optimizer', c)).toThrow(/optimizer\.lr: no such option of sign/);
  });

  it('an unknown kind is INVALID_SPEC listing the registered kinds, the user kind included', () => {
    const c = new Container();
    c.load(trainModule);
    bindNamed(c, TRAIN_TOKENS.Optimizer, 'sign', signDescent);
    expect(() => createOptimizer({ kind: 'adamw' }, backend, 'stages[3].optimizer', c)).toThrow(
      /INVALID_SPEC.*stages\[3\]\.optimizer\.kind: expected one of 'adam', 'rmsprop', 'sgd', 'sign'/,
    );
    // without a container only the built-in kinds exist
    expect(() => createOptimizer({ kind: 'sign' }, backend)).toThrow(/expected one of 'adam', 'rmsprop', 'sgd', got "sign"/);
  });
});
