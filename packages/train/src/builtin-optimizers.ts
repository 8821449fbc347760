import { Adam, type AdamOptions } from './adam.js';
import type { OptimizerFactory } from './optimizer-factory.js';
import { RmsProp, type RmsPropOptions } from './rmsprop.js';
import { Sgd, type SgdOptions } from './sgd.js';

/** The built-in optimizers as registry entries: SGD (momentum, Nesterov), Adam and RMSprop. */
export const BUILTIN_OPTIMIZERS: readonly OptimizerFactory[] = [
  {
    kind: 'sgd',
    description: 'stochastic gradient descent, optional (Nesterov) momentum',
    keys: ['kind', 'learningRate', 'momentum', 'nesterov'],
    create: (spec, backend) => new Sgd(backend, spec as unknown as SgdOptions),
  },
  {
    kind: 'adam',
    description: 'Adam with bias correction',
    keys: ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon'],
    create: (spec, backend) => new Adam(backend, spec as unknown as AdamOptions),
  },
  {
    kind: 'rmsprop',
    description: 'RMSprop (TensorFlow or PyTorch formulae), optional momentum and centring',
    keys: ['kind', 'learningRate', 'style', 'decay', 'momentum', 'epsilon', 'centered'],
    create: (spec, backend) => new RmsProp(backend, spec as unknown as RmsPropOptions),
  },
];
