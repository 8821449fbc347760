import { JsTensor, type TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from '@odeflow/solvers';

/**
 * An error norm for a flat state made of channels (the adjoint's [z, a, a_θ, a_t]): the largest scaled RMS
 * error over the included channels — torchdiffeq's norm for tuple states. Including every channel gives its
 * default "mixed" norm; leaving out a_θ and a_t gives the seminorm of Kidger, Chen & Lyons (2021): those
 * channels are integrals that nothing feeds back into, so their local error need not shrink the backward
 * step. Because a maximum over fewer channels is never larger, the seminorm never takes more steps.
 * @param sizes - channel sizes, in order, summing to the state's size
 * @param include - for each channel, whether its error counts
 */
export function channelNorm<T>(backend: TensorBackend<T>, sizes: readonly number[], include: readonly boolean[]): ErrorNormFn<T> {
  return (err, y0, y1, rtol, atol) => {
    if (err instanceof JsTensor) return flatChannelNorm(sizes, include, err, y0 as JsTensor, y1 as JsTensor, rtol as number | JsTensor, atol as number | JsTensor);
    return backend.tidy(() => {
      const parts = (x: T) => backend.split(x, sizes);
      const e = parts(err);
      const a = parts(y0);
      const b = parts(y1);
      const r = typeof rtol === 'number' ? null : parts(rtol);
      const t = typeof atol === 'number' ? null : parts(atol);
      let norm = 0;
      for (let c = 0; c < sizes.length; c++) {
        if (!include[c] || sizes[c] === 0) continue;
        const v = backend.errorNorm(e[c], a[c], b[c], r ? r[c] : (rtol as number), t ? t[c] : (atol as number));
        // NaN must reach the loop as a failure, not vanish in Math.max
        if (!(v <= norm)) norm = v;
      }
      return norm;
    });
  };
}

// The js fast path: one pass over the typed arrays, no tensors split.
function flatChannelNorm(
  sizes: readonly number[],
  include: readonly boolean[],
  err: JsTensor,
  y0: JsTensor,
  y1: JsTensor,
  rtol: number | JsTensor,
  atol: number | JsTensor,
): number {
  const e = err.data;
  const a = y0.data;
  const b = y1.data;
  const rt = typeof rtol === 'number' ? null : rtol.data;
  const at = typeof atol === 'number' ? null : atol.data;
  let norm = 0;
  let off = 0;
  for (let c = 0; c < sizes.length; c++) {
    const m = sizes[c];
    if (include[c] && m > 0) {
      let sum = 0;
      for (let i = off; i < off + m; i++) {
        const ai = Math.abs(a[i]);
        const bi = Math.abs(b[i]);
        const r = e[i] / ((at ? at[i] : (atol as number)) + (rt ? rt[i] : (rtol as number)) * (ai > bi ? ai : bi));
        sum += r * r;
      }
      const v = Math.sqrt(sum / m);
      if (!(v <= norm)) norm = v;
    }
    off += m;
  }
  return norm;
}
