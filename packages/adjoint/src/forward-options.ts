import type { IntegrateOptions } from '@odeflow/solvers';

/**
 * The forward options the sensitivities accept: the integration loop's {@link IntegrateOptions} for any tensor
 * type. Their tensor-typed members (a user norm, event functions) only take tensors as arguments, so with
 * `never` every `IntegrateOptions<T>` is one of these; a run reads them back as `IntegrateOptions<T>` of its
 * own tensor type (the caller built them for the problem's backend).
 */
export type ForwardOptions = IntegrateOptions<never>;
