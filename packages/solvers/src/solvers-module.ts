import { bindNamed, TOKENS } from '@odeflow/core';
import { ContainerModule } from 'inversify';
import { ConstantStepSizeController } from './constant-controller.js';
import { BUILTIN_SOLVERS } from './builtin-solvers.js';
import { PIController } from './pi-controller.js';

/**
 * Binds every built-in method by name under `TOKENS.Solver` and the step-size controllers (`pi`,
 * `constant`) under `TOKENS.StepSizeController`.
 */
export const solversModule = new ContainerModule((options) => {
  for (const s of BUILTIN_SOLVERS) bindNamed(options, TOKENS.Solver, s.name, s);
  bindNamed(options, TOKENS.StepSizeController, 'pi', new PIController());
  bindNamed(options, TOKENS.StepSizeController, 'constant', new ConstantStepSizeController());
});
