/**
 * The sizes a block spec may ask for, checked by `validateBlockSpec` (and so by `realiseBlock`) before anything is
 * allocated: a spec beyond one is INVALID_SPEC naming the field and the limit (`details.limit`). They keep a typo
 * such as `widths: [1e5, 1e5, 2]` (10¹⁰ weights) from exhausting memory; every realisation runs blocks within them.
 */
export const BLOCK_LIMITS = {
  /** Largest `inputSize` and largest layer width: 65,536. */
  maxWidth: 65_536,
  /** Most dense layers (`widths.length`): 256. */
  maxLayers: 256,
  /**
   * Most scalar parameters in total (weights, time weights and biases): 2²² = 4,194,304, i.e. 32 MiB per copy in
   * float64 (a fused realisation keeps about four copies: θ, Wᵀ and the gradients).
   */
  maxParameters: 4_194_304,
  /** Longest `name`: 200 characters. */
  maxNameLength: 200,
} as const;
