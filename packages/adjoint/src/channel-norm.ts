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
    if (err instanceof JsTensor) {
      const data = (x: number | T) => (typeof x === 'number' ? x : (x as JsTensor).data);
      return flatChannelNorm(sizes, include, err.data, (y0 as JsTensor).data, (y1 as JsTensor).data, data(rtol), data(atol));
    }
    // other backends: read each tensor once and reduce in float64 (splitting into channels would cost
    // a kernel dispatch per channel and tensor on tfjs/wasm, and errorNorm reads the data back anyway)
    const read = (x: T) => backend.toFloat64Array(x);
    return flatChannelNorm(
      sizes, include, read(err), read(y0), read(y1),
      typeof rtol === 'number' ? rtol : read(rtol), typeof atol === 'number' ? atol : read(atol),
    );
  };
}

// One pass over the data, no tensors split.
function flatChannelNorm(
  sizes: readonly number[],
  include: readonly boolean[],
  e: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rtol: number | ArrayLike<number>,
  atol: number | ArrayLike<number>,
): number {
  const rt = typeof rtol === 'number' ? null : rtol;
  const at = typeof atol === 'number' ? null : atol;
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
