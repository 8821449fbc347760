import { checkShape } from '../check-shape.js';
import type { Float64Slot } from '../dirk/float64-slot.js';
import type { StepperContext } from '../stepper.js';

/**
 * f(t, y) into out's buffer (its tensor is not published): through `fInto` straight into the buffer when the
 * backend views tensors (js), else through f and a copy, checking the size of what f returned; with `quick`
 * false always through f with the full shape check (the first evaluation of a solve).
 * @throws OdeflowError SHAPE_MISMATCH when f returns a tensor of another size than y
 */
export function evaluateInto<T>(ctx: StepperContext<T>, t: number, y: Float64Slot<T>, out: Float64Slot<T>, quick = true): void {
  const { dynamics: d, params, backend: be } = ctx;
  y.publish();
  if (quick && d.fInto && be.inPlace?.view !== undefined) {
    d.fInto(t, y.tensor, params, out.tensor);
    return;
  }
  const fy = d.f(t, y.tensor, params);
  try {
    if (!quick || be.size(fy) !== out.data.length) checkShape(be, y.tensor, fy, t);
    out.read(fy);
  } finally {
    be.dispose(fy);
  }
}
