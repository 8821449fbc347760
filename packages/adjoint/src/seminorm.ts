import type { TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from '@odeflow/solvers';

/**
 * The adjoint's seminorm (Kidger, Chen & Lyons 2021; torchdiffeq's `norm: 'seminorm'`): the scaled RMS
 * error of the first `controlled` components of the flat augmented state only — z and a. The parameter and
 * time adjoints a_θ, a_t are integrals that nothing downstream feeds back into, so their local error need
 * not shrink the backward step; leaving them out saves backward evaluations.
 */
export function seminorm<T>(backend: TensorBackend<T>, controlled: number): ErrorNormFn<T> {
  return (err, y0, y1, rtol, atol) =>
    backend.tidy(() => {
      const total = backend.size(err);
      if (controlled >= total) return backend.errorNorm(err, y0, y1, rtol, atol);
      const sizes = [controlled, total - controlled];
      const head = (x: T) => backend.split(x, sizes)[0];
      return backend.errorNorm(
        head(err),
        head(y0),
        head(y1),
        typeof rtol === 'number' ? rtol : head(rtol),
        typeof atol === 'number' ? atol : head(atol),
      );
    });
}
