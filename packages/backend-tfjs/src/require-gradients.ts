import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError } from '@odeflow/core';

// Kernels whose gradients every odeflow model on tfjs needs (a tanh MLP: matMul, add, tanh).
const PROBE_KERNELS = ['Tanh', 'BatchMatMul', 'Add'];

/** The command that builds @odeflow/backend-tfjs with its gradient bundle. */
export const GRADIENT_BUILD_COMMAND = 'npx --yes pnpm@12.21.0 run build';

/**
 * Refuse to start a tfjs backend when tfjs has no gradient functions registered — the package was built by
 * `tsc` alone, without the gradient bundle plain Node needs — naming the command that builds it.
 * @param getGradient - tfjs's gradient lookup (replaceable in tests)
 * @throws OdeflowError BACKEND_UNAVAILABLE naming the missing kernels' gradients and the build command
 */
export function requireGradients(getGradient: (kernelName: string) => unknown = tf.getGradient): void {
  const missing = PROBE_KERNELS.filter((k) => getGradient(k) == null);
  if (missing.length === 0) return;
  throw new OdeflowError(
    'BACKEND_UNAVAILABLE',
    `TensorFlow.js has no gradient functions registered (missing: ${missing.join(', ')}), so a tfjs backend cannot ` +
      'differentiate. @odeflow/backend-tfjs was built without its gradient bundle (dist/register-gradients.js ' +
      `from tsc alone cannot load tfjs's gradients under plain Node). Build with \`${GRADIENT_BUILD_COMMAND}\`, ` +
      'or after `npx tsc -b tsconfig.build.json` run `node packages/backend-tfjs/scripts/bundle-gradients.mjs`.',
    { missing },
  );
}
