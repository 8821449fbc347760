/**
 * `odeflow/tfjs` — ODE blocks inside ordinary TensorFlow.js code. {@link odeintTf} is a differentiable tfjs
 * op whose gradients flow into `tf.variableGrads`, `tf.grads` and `optimizer.minimize` through the chosen
 * sensitivity (direct, adjoint or checkpointed); {@link valueAndGradsTf} is the explicit gradient API.
 * Both run on an `Odeflow` created with `backend: 'tfjs'` or `backend: 'wasm'`.
 *
 * A subpath of its own so that `import 'odeflow'` never loads TensorFlow.js.
 * @packageDocumentation
 */
export * from './tf-ode-problem.js';
export * from './odeint-tf.js';
export * from './value-and-grads-tf.js';
