import { OdeflowError, type TensorBackend } from '@odeflow/core';

function notTensors(cotangents: unknown): OdeflowError {
  return new OdeflowError(
    'INVALID_ARGUMENT',
    `backward expects an array of cotangent tensors ∂L/∂y(tᵢ), one per output time; got ${cotangents === null ? 'null' : typeof cotangents}. ` +
      'Make each with backend.fromArray(values, shape).',
  );
}

function nonTensor(i: number, t: number, c: unknown): OdeflowError {
  return new OdeflowError(
    'INVALID_ARGUMENT',
    `Cotangent ${i} (output time ${t}) is ${c === null || c === undefined ? String(c) : Array.isArray(c) ? 'a plain array' : `a ${typeof c}`}; ` +
      "cotangents must be tensors of the flow's backend: make them with backend.fromArray(values, shape) (a zero tensor for outputs the loss does not use).",
    { index: i, t },
  );
}

/**
 * Refuse cotangents that are not one live tensor of the backend with y0's shape per output time (INVALID_ARGUMENT
 * for what is not such a tensor, SHAPE_MISMATCH for a wrong count or shape), or that hold a NaN or ±Infinity
 * (NON_FINITE_COTANGENT naming the output), before any backward work. One finiteness check per output per backward.
 * @param ts - the solution's output times (one per cotangent), for messages
 * @param shape - shape of y0
 */
export function checkCotangents<T>(backend: TensorBackend<T>, cotangents: readonly T[], ts: readonly number[], shape: readonly number[]): void {
  if (!Array.isArray(cotangents)) throw notTensors(cotangents);
  const count = ts.length;
  if (cotangents.length !== count) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `backward needs one cotangent ∂L/∂y(tᵢ) per output time: expected ${count}, got ${cotangents.length}. ` +
        'Pass a zero tensor for outputs the loss does not use.',
      { expected: count, got: cotangents.length },
    );
  }
  for (let i = 0; i < count; i++) {
    const c: unknown = cotangents[i];
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw nonTensor(i, ts[i], c);
    backend.checkTensor?.(c, `Cotangent ${i} (output time ${ts[i]})`);
    const s = backend.shape(c as T);
    if (s.length !== shape.length || s.some((d, j) => d !== shape[j])) {
      throw new OdeflowError(
        'SHAPE_MISMATCH',
        `Cotangent ${i} has shape [${s.join(', ')}]; every cotangent must have y0's shape [${shape.join(', ')}].`,
        { index: i, expected: [...shape], got: [...s] },
      );
    }
  }
  for (let i = 0; i < count; i++) {
    if (!backend.allFinite(cotangents[i])) {
      throw new OdeflowError(
        'NON_FINITE_COTANGENT',
        `Cotangent ${i} (∂L/∂y at output time ${ts[i]}) holds a NaN or ±Infinity, so every gradient would be NaN; check the loss at that output.`,
        { index: i, t: ts[i] },
      );
    }
  }
}
