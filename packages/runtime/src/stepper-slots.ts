import type { Dynamics, JsTensor, Solver } from '@odeflow/core';
import { IntegrateWorkspace, type CallChecks } from '@odeflow/solvers';

type Inner = Dynamics<JsTensor> & CallChecks;

/**
 * A dynamics that forwards to the one of the current solve ({@link SlotDynamics.inner}, swapped per solve):
 * the dynamics a kept stepper was built for, so that the stepper serves every solve of its slot. Which
 * optional functions it has (∂f/∂y, ∂f/∂t) is fixed when it is made: part of the slot's key.
 */
class SlotDynamics implements Dynamics<JsTensor>, CallChecks {
  readonly name = 'f';
  inner: Inner | undefined;
  readonly f = (t: number, y: JsTensor, p: readonly JsTensor[]): JsTensor => this.inner!.f(t, y, p);
  readonly fInto = (t: number, y: JsTensor, p: readonly JsTensor[], out: JsTensor): void => this.inner!.fInto!(t, y, p, out);
  readonly checkCalls = (every: boolean): void => this.inner?.checkCalls(every);
  // absent unless given: methods tell what a dynamics offers by which functions it has
  declare jacobian?: (t: number, y: JsTensor, p: readonly JsTensor[], out: Float64Array) => void;
  declare jvp?: (t: number, y: JsTensor, v: JsTensor, p: readonly JsTensor[]) => JsTensor;
  declare timeDerivative?: (t: number, y: JsTensor, p: readonly JsTensor[], out: Float64Array) => void;

  constructor(jacobian: boolean, timeDerivative: boolean) {
    if (jacobian) {
      this.jacobian = (t, y, p, out) => this.inner!.jacobian!(t, y, p, out);
      this.jvp = (t, y, v, p) => this.inner!.jvp!(t, y, v, p);
    }
    if (timeDerivative) this.timeDerivative = (t, y, p, out) => this.inner!.timeDerivative!(t, y, p, out);
  }
}

/** A kept stepper and the dynamics it was built for; busy while a solve runs on it. */
export interface StepperSlot {
  /** The dynamics to solve with (forwarding to this solve's). */
  readonly dynamics: Dynamics<JsTensor>;
  /** The workspace keeping the stepper between solves. */
  readonly workspace: IntegrateWorkspace<JsTensor>;
}

interface Slot extends StepperSlot {
  readonly dynamics: SlotDynamics;
  busy: boolean;
  /** The method's stepper cannot restart (BDF's): the slot only costs a call per f, and is not handed out again. */
  useless: boolean;
}

/** States larger than this get no kept stepper: an implicit method's holds n·n matrices. */
const MAX_SIZE = 32;
/** Slots kept at most (method × size × Jacobian sources of recent solves). */
const MAX_SLOTS = 16;

const slots = new Map<string, Slot>();

/**
 * The slot for a solve of `inner` (state size n) with `solver`, whose stepper the previous solve with the same
 * method, size and Jacobian sources left behind (the workspace rebuilds it when the solver object or the
 * tolerances differ): what saves `odeint` building an implicit method's stepper, its buffers and matrices, on
 * every call. None for explicit methods, large states, with a sparsity pattern (the stepper groups columns by
 * it), or while the slot is busy (f calling odeint). Give it back with {@link releaseSlot}.
 * @internal
 */
export function takeSlot(solver: Solver, n: number, inner: Inner, sparsity: boolean): StepperSlot | undefined {
  // an explicit method's stepper is a few vectors, cheaper to build than to reach through one more call per f
  if (!solver.implicit || n > MAX_SIZE || sparsity) return undefined;
  const jac = inner.jacobian !== undefined;
  const dt = inner.timeDerivative !== undefined;
  const key = `${solver.name}|${n}|${jac ? 'J' : ''}${dt ? 'T' : ''}`;
  let slot = slots.get(key);
  if (slot?.busy || slot?.useless) return undefined;
  if (!slot) {
    if (slots.size >= MAX_SLOTS) clearSlots();
    slot = { dynamics: new SlotDynamics(jac, dt), workspace: new IntegrateWorkspace<JsTensor>(), busy: false, useless: false };
    slots.set(key, slot);
  }
  slot.busy = true;
  slot.dynamics.inner = inner;
  return slot;
}

/**
 * Give a slot back after its solve (also when the solve threw: `completed` false); the user's functions are let
 * go. A slot whose completed solve kept no stepper is not handed out again.
 */
export function releaseSlot(slot: StepperSlot, completed: boolean): void {
  const s = slot as Slot;
  s.dynamics.inner = undefined;
  s.busy = false;
  // nothing kept after a whole solve: this method's stepper cannot restart
  if (!s.workspace.holds && completed) s.useless = true;
}

function clearSlots(): void {
  for (const s of slots.values()) if (!s.busy) s.workspace.dispose();
  slots.clear();
}
