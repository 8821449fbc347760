import { OdeflowError } from '@odeflow/core';

/** Refuse a second backward (the stored forward data is gone after the first) or one after dispose. */
export function onceOnly(method: string, used: boolean): void {
  if (used) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `backward() of a "${method}" run may be called once (it releases the forward data), and not after dispose(). ` +
        'Run the sensitivity again for another gradient.',
      { method },
    );
  }
}
