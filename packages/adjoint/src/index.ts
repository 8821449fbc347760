/**
 * Sensitivities of odeflow — direct backpropagation through the solver, the adjoint method and
 * checkpointing — and the memory comparison between them.
 * @packageDocumentation
 */
export { DirectSensitivity } from './direct-sensitivity.js';
export { AdjointSensitivity, ADJOINT_OPTION_KEYS } from './adjoint-sensitivity.js';
export { CheckpointedSensitivity } from './checkpointed-sensitivity.js';
export { AugmentedDynamics } from './augmented-dynamics.js';
export { CountingDynamics } from './counting-dynamics.js';
export { channelNorm } from './channel-norm.js';
export { requireVjp, type DifferentiableDynamics } from './require-vjp.js';
export { MemoryMeter } from './memory-meter.js';
export { adjointModule } from './adjoint-module.js';
export {
  compareSensitivities,
  type ComparedMethod,
  type CompareOptions,
  type ComparisonCase,
  type ComparisonRow,
  type ComparisonTable,
} from './compare-sensitivities.js';
export { toMarkdown } from './comparison-markdown.js';
export { toSvg } from './comparison-svg.js';
