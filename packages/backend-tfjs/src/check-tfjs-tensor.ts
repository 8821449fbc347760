import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, tensorArgumentError } from '@odeflow/core';

/**
 * Throw OdeflowError INVALID_ARGUMENT unless `x` is a live float32 tfjs tensor (what a tfjs backend's `checkTensor`
 * does): null, plain arrays, js tensors and disposed tensors fail with a message saying what to pass instead.
 * @param x - the value received
 * @param what - the argument, for the message
 * @param backend - the odeflow backend's name
 */
export function checkTfjsTensor(x: unknown, what: string, backend: string): void {
  if (!(x instanceof tf.Tensor) || x.isDisposed) throw tensorArgumentError(backend, what, x, x instanceof tf.Tensor);
  if (x.dtype !== 'float32') {
    throw new OdeflowError('INVALID_ARGUMENT', `${what} is a ${x.dtype} tensor; the '${backend}' backend computes in float32: cast it with tf.cast(x, 'float32').`, {
      argument: what,
      dtype: x.dtype,
    });
  }
}
