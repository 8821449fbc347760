import { describe, it } from 'vitest';
import { trainAndCountTensors } from './training-leaks.js';

describe('200 training iterations on tfjs hold a constant number of tensors', () => {
  for (const sensitivity of ['direct', 'adjoint']) {
    it(`tfjs / ${sensitivity}`, () => trainAndCountTensors('tfjs', sensitivity, 200), 120_000);
  }
});
