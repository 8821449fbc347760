import { BUILTIN_SOLVERS } from './builtin-solvers.js';

/** The stiff methods a stiffness failure points to when none is built in. */
const STIFF_METHODS = Object.freeze(['rosenbrock23', 'rodas5p', 'kvaerno5', 'bdf']);

/** Names of the built-in implicit methods (for messages that send a stiff problem to them). */
export function implicitMethodNames(): readonly string[] {
  const names = BUILTIN_SOLVERS.filter((s) => s.implicit).map((s) => s.name);
  return names.length > 0 ? names : STIFF_METHODS;
}
