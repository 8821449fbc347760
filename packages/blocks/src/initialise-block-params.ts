import type { BiasInitSpec, BlockSpec, WeightInitSpec } from './block-spec.js';
import { mlpLayout } from './mlp-layout.js';
import { SeededRandom } from './seeded-random.js';
import { validateBlockSpec } from './validate-block-spec.js';

/** A block's initial parameters as float64 numbers, independent of any backend. */
export interface InitialBlockParams {
  /** Row-major values of every parameter, in parameter order. */
  readonly values: Float64Array[];
  /** Shape of every parameter. */
  readonly shapes: readonly (readonly number[])[];
  /** Name of every parameter. */
  readonly names: readonly string[];
}

function drawWeights(out: Float64Array, init: WeightInitSpec, fanIn: number, fanOut: number, rng: SeededRandom): void {
  for (let i = 0; i < out.length; i++) {
    switch (init.kind) {
      case 'normal':
        out[i] = rng.normal(init.mean ?? 0, init.std);
        break;
      case 'uniform':
        out[i] = rng.uniform(init.low, init.high);
        break;
      case 'glorot-uniform': {
        const l = Math.sqrt(6 / (fanIn + fanOut));
        out[i] = rng.uniform(-l, l);
        break;
      }
      case 'glorot-normal':
        out[i] = rng.normal(0, Math.sqrt(2 / (fanIn + fanOut)));
        break;
      case 'fan-in-uniform': {
        const l = 1 / Math.sqrt(fanIn);
        out[i] = rng.uniform(-l, l);
        break;
      }
    }
  }
}

function drawBias(out: Float64Array, init: BiasInitSpec, fanIn: number, rng: SeededRandom): void {
  for (let i = 0; i < out.length; i++) {
    switch (init.kind) {
      case 'zeros':
        out[i] = 0;
        break;
      case 'constant':
        out[i] = init.value;
        break;
      case 'normal':
        out[i] = rng.normal(init.mean ?? 0, init.std);
        break;
      case 'uniform':
        out[i] = rng.uniform(init.low, init.high);
        break;
      case 'fan-in-uniform': {
        const l = 1 / Math.sqrt(fanIn);
        out[i] = rng.uniform(-l, l);
        break;
      }
    }
  }
}

/**
 * Draw a block's initial parameters from its spec's seeded initialisers. The numbers are computed here,
 * in float64, once: every backend receives the same values (rounded to its precision), so a spec and seed
 * give the same model everywhere. Parameters are drawn in parameter order, row-major.
 *
 * @throws OdeflowError `INVALID_SPEC` when the spec is invalid
 */
export function initialiseBlockParams(spec: BlockSpec): InitialBlockParams {
  const resolved = validateBlockSpec(spec);
  const layout = mlpLayout(resolved);
  const rng = new SeededRandom(resolved.seed);
  const values = layout.paramShapes.map((s) => new Float64Array(s.reduce((a, b) => a * b, 1)));
  for (const layer of layout.layers) {
    const fanIn = layer.inputs + (layer.timeWeight >= 0 ? 1 : 0);
    drawWeights(values[layer.weight], resolved.weights, fanIn, layer.outputs, rng);
    if (layer.timeWeight >= 0) drawWeights(values[layer.timeWeight], resolved.weights, fanIn, layer.outputs, rng);
    drawBias(values[layer.bias], resolved.bias, fanIn, rng);
  }
  return { values, shapes: layout.paramShapes, names: layout.paramNames };
}
