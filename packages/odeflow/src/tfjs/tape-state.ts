import * as tf from '@tensorflow/tfjs-core';

// tfjs-core's engine internals used here (stable through 4.x, checked on 4.22): `state.gradientDepth` and
// `state.kernelDepth` (the engine's own isTapeOn test), `state.activeScope.track` (tensors made in a scope),
// `startScope`/`endScope` (what tidy is built from) and `state.activeTape` (the nodes recorded by the
// current gradients call, whose `saved` entries the engine disposes when that call ends).

/** Whether tfjs is recording ops on a gradient tape now (inside tf.grads/variableGrads' function, not in a kernel). */
export function isRecording(): boolean {
  const s = tf.engine().state;
  return s.gradientDepth > 0 && s.kernelDepth === 0;
}

/**
 * Run `fn` in a scope of its own and `tf.keep` every tensor it made that is still alive and not already kept,
 * so that the data a forward pass stores for its backward pass outlives the enclosing `tidy` (tf.variableGrads
 * runs the loss in one, and back-propagates after it ended). The caller owns the returned tensors.
 */
export function keepCreated<R>(fn: () => R): { value: R; kept: tf.Tensor[] } {
  const engine = tf.engine();
  engine.startScope('odeflow.keepCreated');
  let value: R;
  try {
    value = fn();
  } catch (e) {
    engine.endScope(undefined);
    throw e;
  }
  const kept = engine.state.activeScope.track.filter((t) => !t.isDisposed && !t.kept);
  for (const t of kept) tf.keep(t);
  engine.endScope(undefined);
  return { value, kept };
}

/**
 * Have `release` run when the gradients call that recorded `output` ends, whether or not back-propagation
 * reached it: tfjs disposes every `saved` entry of every node of its tape then, so a disposable is appended to
 * the node that produced `output`. Returns false when no such node is found (nothing is recording).
 */
export function releaseWithTape(output: tf.Tensor, release: () => void): boolean {
  const tape = tf.engine().state.activeTape;
  if (!Array.isArray(tape)) return false;
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.includes(output)) {
      node.saved ??= [];
      node.saved.push({ dispose: release } as unknown as tf.Tensor);
      return true;
    }
  }
  return false;
}

/**
 * Dispose what the tape of the outermost gradients call holds, for a call that is about to fail: tfjs
 * cleans its tape only when back-propagation completes, so a function that throws inside tf.grads would leave
 * the tensors its recorded ops saved behind. Does nothing inside a nested gradients call (the tape is shared).
 */
export function discardTapeOnFailure(): void {
  const s = tf.engine().state;
  if (s.gradientDepth !== 1 || !Array.isArray(s.activeTape)) return;
  for (const node of s.activeTape) for (const t of node.saved ?? []) t.dispose();
  s.activeTape = [];
}

/**
 * Run `fn` (a backward pass that may call `tf.grads` itself) from inside tfjs's back-propagation of an outer
 * computation, and put the outer tape back afterwards. A nested gradients call at depth 0 starts a tape of its
 * own over the outer one and ends by nulling it; the outer pass would then crash when it cleans its tape.
 * odeflow's tfjs autodiff already preserves the tape per VJP; this covers dynamics with their own `vjp` too.
 */
export function preservingTape<R>(fn: () => R): R {
  const state = tf.engine().state;
  const tape = state.gradientDepth === 0 ? state.activeTape : null;
  try {
    return fn();
  } finally {
    if (tape != null) state.activeTape = tape;
  }
}
