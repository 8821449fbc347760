import { JsTensor, OdeflowError, sameShape, shapeSize, tensorArgumentError, type VjpIntoTargets } from '@odeflow/core';
import { paramShapeError } from './param-shape-error.js';
import type { MlpLayout } from './mlp-layout.js';

// The argument checks both js realisations of an MLP block share (the typed-array and the WebAssembly
// kernels), so that they fail with the same codes and messages. No closure or array per call: these run on
// every f and VJP.

/**
 * Check that y is [n] or [batch, n] and that params match the layout shape for shape; returns the batch size.
 * @internal
 */
export function checkJsMlpArguments(name: string, layout: MlpLayout, inputSize: number, y: JsTensor, params: readonly JsTensor[]): number {
  const n = inputSize;
  if (!(y instanceof JsTensor)) throw tensorArgumentError('js', `${name}: the state`, y);
  const shape = y.shape;
  if (shape.length === 0 || shape[shape.length - 1] !== n) {
    throw new OdeflowError('SHAPE_MISMATCH', `${name}: the state must have shape [${n}] or [batch, ${n}], got [${shape.join(', ')}].`, {
      shape: [...shape],
    });
  }
  const shapes = layout.paramShapes;
  if (!Array.isArray(params) || params.length !== shapes.length) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${name}: expected an array of ${shapes.length} parameter tensors (${layout.paramNames.join(', ')}), got ${Array.isArray(params) ? params.length : String(params)}.`,
    );
  }
  for (let k = 0; k < shapes.length; k++) {
    const p = params[k];
    if (!(p instanceof JsTensor)) throw tensorArgumentError('js', `${name}: parameter ${layout.paramNames[k]}`, p);
    if (!sameShape(p.shape, shapes[k])) throw paramShapeError(name, layout.paramNames[k], shapes[k], p.shape);
  }
  return y.data.length / n;
}

function badTarget(name: string, what: string): never {
  throw new OdeflowError('SHAPE_MISMATCH', `${name}: vjpInto ${what}.`);
}

/**
 * Check a VJP's cotangent and its targets: sizes, and no target sharing data with y or a.
 * @internal
 */
export function checkJsMlpVjpTargets(name: string, layout: MlpLayout, y: JsTensor, a: JsTensor, out: VjpIntoTargets<JsTensor>): void {
  const n = y.data.length;
  if (a.data.length !== n) {
    throw new OdeflowError('SHAPE_MISMATCH', `${name}: the cotangent has ${a.data.length} elements, the state ${n}.`);
  }
  if (out.y.data.length !== n) badTarget(name, `out.y has ${out.y.data.length} elements, the state ${n}`);
  if (out.f !== undefined && out.f.data.length !== n) badTarget(name, `out.f has ${out.f.data.length} elements, the state ${n}`);
  const shapes = layout.paramShapes;
  if (out.params.length !== shapes.length) badTarget(name, `needs ${shapes.length} parameter targets, got ${out.params.length}`);
  for (let k = 0; k < shapes.length; k++) {
    if (out.params[k].data.length !== shapeSize(shapes[k])) badTarget(name, `target for ${layout.paramNames[k]} must have shape [${shapes[k].join(', ')}]`);
  }
  const yb = y.data.buffer;
  const ab = a.data.buffer;
  const ob = out.y.data.buffer;
  const fb = out.f?.data.buffer;
  if (ob === yb || ob === ab || (fb !== undefined && (fb === yb || fb === ab))) {
    throw new OdeflowError('INVALID_ARGUMENT', `${name}: vjpInto targets must not share data with y or a.`);
  }
}

/**
 * f, y's cotangent and one cotangent per parameter as new tensors of the js backend, for a `vjp` that
 * fills them with `vjpInto`; released again when `fill` throws.
 * @internal
 */
export function allocateVjp(
  backend: { wrap(data: Float64Array, shape: readonly number[]): JsTensor; dispose(x: readonly JsTensor[]): void },
  layout: MlpLayout,
  y: JsTensor,
  fill: (out: VjpIntoTargets<JsTensor>) => number,
): { f: JsTensor; y: JsTensor; params: JsTensor[]; t: number } {
  const f = backend.wrap(new Float64Array(y.data.length), y.shape);
  const gy = backend.wrap(new Float64Array(y.data.length), y.shape);
  const shapes = layout.paramShapes;
  const grads: JsTensor[] = [];
  for (let k = 0; k < shapes.length; k++) grads.push(backend.wrap(new Float64Array(shapeSize(shapes[k])), shapes[k]));
  try {
    const gt = fill({ y: gy, params: grads, f });
    return { f, y: gy, params: grads, t: gt };
  } catch (e) {
    backend.dispose([f, gy, ...grads]);
    throw e;
  }
}
