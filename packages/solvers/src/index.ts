/**
 * The explicit Runge–Kutta family of odeflow: Butcher tableaus as data, the integration loop with
 * adaptive step-size control, dense output and events, and the DI module binding every method by name.
 * @packageDocumentation
 */
export * from './butcher-tableau.js';
export * from './interpolant.js';
export * from './hermite-interpolant.js';
export * from './polynomial-interpolant.js';
export * from './polynomial-weight-derivative.js';
export * from './dense-stages.js';
export * from './explicit-runge-kutta.js';
export * from './adams-bashforth.js';
export * from './stepper.js';
export * from './step-recorder.js';
export * from './integrate-options.js';
export * from './integrate-args.js';
export * from './integrate.js';
export * from './check-capabilities.js';
export * from './breakpoints.js';
export * from './step-control.js';
export * from './event-locator.js';
export * from './output-sampler.js';
export * from './step-interpolator.js';
export * from './integrate-workspace.js';
export * from './call-checks.js';
export * from './output-sink.js';
export * from './just-before.js';
export * from './pi-controller.js';
export * from './predictive-controller.js';
export * from './constant-controller.js';
export * from './initial-step.js';
export * from './dense-solution.js';
export * from './builtin-solvers.js';
export * from './defaults.js';
export * from './error-norm.js';
export * from './jacobian-evaluator.js';
export * from './dirk/index.js';
export * from './finite-difference-jacobian.js';
export * from './sparsity-pattern.js';
export * from './column-groups.js';
export * from './checked-norm.js';
export * from './own-options.js';
export * from './solve-limits.js';
export * from './fixed-grid.js';
export * from './solvers-module.js';
export * from './rosenbrock/index.js';
export * from './bdf/index.js';
export * from './auto/index.js';
export { euler } from './methods/euler.js';
export { midpoint } from './methods/midpoint.js';
export { heun2 } from './methods/heun2.js';
export { ralston } from './methods/ralston.js';
export { heun3 } from './methods/heun3.js';
export { rk4 } from './methods/rk4.js';
export { adaptiveHeun } from './methods/adaptive-heun.js';
export { fehlberg2 } from './methods/fehlberg2.js';
export { bosh3 } from './methods/bosh3.js';
export { dopri5 } from './methods/dopri5.js';
export { tsit5 } from './methods/tsit5.js';
export { dopri8 } from './methods/dopri8.js';
export { vern7 } from './methods/vern7.js';
export { vern9 } from './methods/vern9.js';
export * from './power-series-interpolant.js';

export * from './batched/index.js';
