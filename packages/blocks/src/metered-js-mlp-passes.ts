import { MeteredBuffers, type JsTensor } from '@odeflow/core';
import { JsMlpPasses, type MlpPass, type MlpWorkspace } from './js-mlp-passes.js';

/** What the memory meter calls the typed-array buffers a block keeps between calls. */
export const BLOCK_WORKSPACE_LABEL = 'block workspace';

/**
 * The typed-array MLP passes with their buffers reported to the running memory meter: every workspace
 * (cotangents, shared pre-activations, the scratch pass) and every remembered forward pass as it is added
 * to the ring, charged to each gradient computation that uses them (see MeteredBuffers). Counts from the
 * outside, by the Float64Arrays the workspaces expose, so the passes themselves stay as they are.
 * @internal
 */
export class MeteredJsMlpPasses extends JsMlpPasses {
  /** The bytes of every buffer of every workspace, under {@link BLOCK_WORKSPACE_LABEL}. */
  readonly held = new MeteredBuffers(BLOCK_WORKSPACE_LABEL);
  /** Buffers already counted (passes share pre-activations; identity layers alias h and z). */
  private readonly counted = new WeakSet<Float64Array>();
  /** Remembered passes counted per workspace. */
  private readonly memoCounted = new WeakMap<MlpWorkspace, number>();
  /** The last workspace seen and its counted ring length: the hot path compares these two only. */
  private lastWs: MlpWorkspace | undefined;
  private lastMemo = 0;

  /** The workspace for `batch` rows, its buffers counted when new and charged to the running meter. */
  override workspace(batch: number): MlpWorkspace {
    const ws = super.workspace(batch);
    if (ws !== this.lastWs) this.see(ws);
    this.held.use();
    return ws;
  }

  /** The forward pass at (t, y), counting the ring slot it may have added. */
  override evaluate(t: number, y: Float64Array, params: readonly JsTensor[], ws: MlpWorkspace): MlpPass {
    const pass = super.evaluate(t, y, params, ws);
    if (ws !== this.lastWs || ws.memo.length !== this.lastMemo) this.see(ws);
    return pass;
  }

  /** Count what `ws` holds that was not counted yet. */
  private see(ws: MlpWorkspace): void {
    let bytes = 0;
    let memo = this.memoCounted.get(ws);
    if (memo === undefined) {
      memo = 0;
      bytes += this.fresh([...ws.d, ...ws.sharedZ, ...passArrays(ws.scratch)]);
    }
    for (; memo < ws.memo.length; memo++) bytes += this.fresh(passArrays(ws.memo[memo]));
    this.memoCounted.set(ws, memo);
    this.lastWs = ws;
    this.lastMemo = memo;
    if (bytes > 0) this.held.grow(bytes);
  }

  private fresh(arrays: readonly (Float64Array | null)[]): number {
    let bytes = 0;
    for (const a of arrays) {
      if (a === null || this.counted.has(a)) continue;
      this.counted.add(a);
      bytes += a.byteLength;
    }
    return bytes;
  }
}

function passArrays(p: MlpPass): Float64Array[] {
  return [p.y, p.x0, ...p.z, ...p.h];
}
