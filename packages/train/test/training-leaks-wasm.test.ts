import { describe, it } from 'vitest';
import { trainAndCountTensors } from './training-leaks.js';

describe('200 training iterations on wasm hold a constant number of tensors', () => {
  for (const sensitivity of ['direct', 'adjoint']) {
    it(`wasm / ${sensitivity}`, () => trainAndCountTensors('wasm', sensitivity, 200), 120_000);
  }
});
