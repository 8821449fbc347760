/**
 * tfjs kernel name of a fused MLP block's f on the wasm kernels for blocks of `paramCount` parameter tensors
 * (inputs `y`, `p0`…; attrs `program`, `t`). One name per count, because a tfjs gradient lists the inputs it
 * saves by name.
 */
export function fusedMlpKernelName(paramCount: number): string {
  return `OdeflowFusedMlp${paramCount}`;
}

/**
 * tfjs kernel name of a fused MLP block's VJP on the wasm kernels (inputs `y`, `a`, `p0`…; attrs `program`,
 * `t`; outputs f, aᵀ∂f/∂y, then aᵀ∂f/∂θₖ per parameter).
 */
export const FUSED_MLP_VJP_KERNEL = 'OdeflowFusedMlpVjp';
