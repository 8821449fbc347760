import { JsTensor } from './js-tensor.js';

/**
 * Add to `into` every JsTensor reachable from `v` through arrays and plain objects, so `tidy` knows what its
 * callback returned and must survive the scope. The depth limit keeps a cyclic or huge result from being walked
 * without end; typed arrays are skipped because their numbers cannot be tensors.
 */
export function collectTensors(v: unknown, into: Set<JsTensor>, depth = 0): void {
  if (v instanceof JsTensor) {
    into.add(v);
  } else if (depth < 4 && v !== null && typeof v === 'object') {
    if (Array.isArray(v)) for (const x of v) collectTensors(x, into, depth + 1);
    else if (!ArrayBuffer.isView(v)) for (const x of Object.values(v)) collectTensors(x, into, depth + 1);
  }
}
