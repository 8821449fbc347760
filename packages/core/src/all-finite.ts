import type { JsTensor } from './js-tensor.js';

/** True when no element is NaN or ±Infinity; stops at the first one that is. */
export function allFinite(x: JsTensor): boolean {
  const d = x.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}
