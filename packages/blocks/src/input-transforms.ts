import type { InputTransformName } from './block-spec.js';

/**
 * Each input transform as the power y ↦ y^p it applies before the first layer — the one place the names meet
 * the numbers every realisation (typed-array loops, the WebAssembly kernels' `power`, backend ops) computes with.
 */
export const INPUT_TRANSFORM_POWERS: Readonly<Record<InputTransformName, 1 | 2 | 3>> = { none: 1, square: 2, cube: 3 };
