import type { TensorBackend } from '@odeflow/core';
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
  return (err, y0, y1, rtol, atol) =>
    backend.tidy(() => {
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
}
