/**
 * Sensitivities of odeflow — direct backpropagation through the solver, the adjoint method and
 * checkpointing — and the memory comparison between them.
 * @packageDocumentation
 */
export { DirectSensitivity, type DirectOptions } from './direct-sensitivity.js';
export { AdjointSensitivity } from './adjoint-sensitivity.js';
export { ADJOINT_OPTION_KEYS, type AdjointNorm, type AdjointOptions, type AdjointState } from './adjoint-options.js';
export { CheckpointedSensitivity, CHECKPOINTED_OPTION_KEYS, type CheckpointedOptions } from './checkpointed-sensitivity.js';
export { SensitivityScaffold, type SensitivityPass } from './sensitivity-scaffold.js';
export { type DifferentiableProblem } from './differentiable-problem.js';
export { type ForwardSolve, type ForwardRecording } from './forward-solve.js';
export { type ForwardOptions } from './forward-options.js';
export { type UncheckedOptions } from './sensitivity-options.js';
export { AugmentedDynamics } from './augmented-dynamics.js';
export { CountingDynamics } from './counting-dynamics.js';
export { channelNorm } from './channel-norm.js';
export { requireVjp, type DifferentiableDynamics } from './require-vjp.js';
export { checkProblem } from './check-problem.js';
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
