import type { ServiceIdentifier } from 'inversify';
import type { ProgressReporter } from './progress-reporter.js';
import type { Sensitivity } from './sensitivity.js';
import type { Solver } from './solver.js';
import type { StepSizeController } from './step-size-controller.js';
import type { TensorBackend } from './tensor-backend.js';

/**
 * Creates a backend when it is first asked for. Backends that need asynchronous start-up (tfjs, wasm)
 * load their modules inside `create`, so a solve on `js` never pays for them.
 */
export interface BackendFactory {
  /** Registered name of the backend it creates. */
  readonly name: string;
  /** One-line description for listings. */
  readonly description: string;
  /** Create (or return the already created) backend. */
  create(): TensorBackend<any> | Promise<TensorBackend<any>>;
}

/**
 * Dependency-injection tokens. Strategies are bound by name under these tokens
 * (`bind(TOKENS.Solver).toConstantValue(s).whenNamed('dopri5')`), preferably with {@link bindNamed},
 * which also lists the name for introspection.
 */
export const TOKENS = {
  /** {@link BackendFactory} instances, named by backend name. */
  Backend: Symbol.for('odeflow.Backend') as ServiceIdentifier<BackendFactory>,
  /** {@link Solver} instances, named by method name. */
  Solver: Symbol.for('odeflow.Solver') as ServiceIdentifier<Solver>,
  /** {@link StepSizeController} instances, named. */
  StepSizeController: Symbol.for('odeflow.StepSizeController') as ServiceIdentifier<StepSizeController>,
  /** {@link Sensitivity} instances, named. */
  Sensitivity: Symbol.for('odeflow.Sensitivity') as ServiceIdentifier<Sensitivity>,
  /** The {@link ProgressReporter} in use (unnamed). */
  ProgressReporter: Symbol.for('odeflow.ProgressReporter') as ServiceIdentifier<ProgressReporter>,
  /** Block realisers (see block specs), named by block kind. */
  BlockKind: Symbol.for('odeflow.BlockKind') as ServiceIdentifier<unknown>,
} as const;

/** The kinds of named strategies odeflow resolves, for messages and listings. */
export type StrategyKind = keyof typeof TOKENS;
