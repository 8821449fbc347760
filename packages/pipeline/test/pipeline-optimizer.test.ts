// A pipeline spec names its optimizer by any kind registered in the train package's registry, not only the
// built-in three: a user optimizer bound by a plugin module is validated against the registry and runs.
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindNamed, isOdeflowError, TRAIN_TOKENS, type JsTensor, type Optimizer, type OptimizerFactory, type TensorBackend } from 'odeflow';
import { pipeline, runPipeline, validatePipeline, createPipelineContainer } from 'odeflow/node';

/** p ← p − lr·sign(g), counting its steps so the test sees that the pipeline used it. */
class SignDescent implements Optimizer<JsTensor> {
  readonly name = 'sign';
  iterations = 0;
  constructor(public learningRate: number) {}
  step(params: JsTensor[], grads: readonly JsTensor[]): void {
    params.forEach((p, k) => p.data.forEach((v, i) => (p.data[i] = v - this.learningRate * Math.sign(grads[k]!.data[i]!))));
    this.iterations++;
    steps++;
  }
  dispose(): void {}
}

let steps = 0;
const signDescent: OptimizerFactory = {
  kind: 'sign',
  description: 'sign descent (a user optimizer)',
  keys: ['kind', 'learningRate'],
  create: <T>(spec: Readonly<Record<string, unknown>>, _b: TensorBackend<T>) => new SignDescent(spec.learningRate as number) as unknown as Optimizer<T>,
};
const signModule = new ContainerModule((o) => bindNamed(o, TRAIN_TOKENS.Optimizer, 'sign', signDescent));

// y(t) = e^{-t}·(1, 0.5), fitted by a linear block.
const decay = (optimizer: string) =>
  pipeline('decay')
    .array('data', { ts: Array.from({ length: 11 }, (_, k) => k / 10), ys: Array.from({ length: 11 }, (_, k) => [Math.exp(-k / 10), 0.5 * Math.exp(-k / 10)]) })
    .block('f', { kind: 'mlp', inputSize: 2, widths: [2], activation: 'identity' })
    .ode('model', { dynamics: 'f', data: 'data', rtol: 1e-6, atol: 1e-8 })
    .loss('loss', { loss: 'mse', prediction: 'model', target: 'data' })
    .train('fit', { loss: 'loss', optimizer, learningRate: 0.01, iterations: 5, batchSize: 2, batchLength: 4, evalEvery: 5 })
    .build().spec;

describe('pipeline optimizers come from the registry', () => {
  it('a user optimizer registered by a plugin module runs in a pipeline spec', async () => {
    steps = 0;
    const r = await runPipeline(decay('sign'), {}, { modules: [signModule] });
    expect(steps).toBe(5);
    expect(r.training.fit!.history.map((e) => e.iteration)).toEqual([0, 5]);
    expect(r.training.fit!.finalLoss).not.toBe(r.training.fit!.history[0]!.loss);
  });

  it('the spec is checked against the registry: an unregistered name is INVALID_SPEC listing the registered ones', async () => {
    const spec = decay('sign');
    // without the plugin: refused before anything runs, naming the path and the registered kinds
    const err = await runPipeline(spec).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOdeflowError(err) && err.code).toBe('INVALID_SPEC');
    expect(String((err as Error).message)).toMatch(/stages\[4\]\.optimizer.*a registered optimizer name: one of adam, rmsprop, sgd/);
    // with it: valid, and a typo lists the user kind too
    expect(validatePipeline(spec, { container: createPipelineContainer([signModule]) })).toBe(spec);
    expect(() => validatePipeline(decay('sigm'), { container: createPipelineContainer([signModule]) })).toThrow(/one of adam, rmsprop, sgd, sign/);
  });

  it('the schema still refuses a non-string or empty optimizer name', () => {
    for (const bad of [3, '']) {
      const spec = JSON.parse(JSON.stringify(decay('adam')));
      spec.stages[4].optimizer = bad;
      expect(() => validatePipeline(spec)).toThrow(/^\[INVALID_SPEC\] Invalid pipeline spec \(1 problem\)[\s\S]*stages\[4\]\.optimizer: expected a/);
    }
  });
});
