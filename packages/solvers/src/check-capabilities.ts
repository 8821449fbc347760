import { OdeflowError, type Dynamics, type Solver, type TableauData, type TensorBackend } from '@odeflow/core';

/** True when some row of `tableau` lists its diagonal entry aᵢᵢ and that entry is nonzero. */
function hasImplicitStage(tableau: TableauData): boolean {
  return tableau.a.some((row, i) => row.length > i && row[i] !== 0);
}

/**
 * Check before a solve starts that `solver` can run with `dynamics` on `backend`, reading its capability
 * markers: a tableau with implicit stages needs a solver that declares itself `implicit` (an explicit
 * stepper would compute garbage with it); `needsLinalg` needs `backend.linalg`. `needsJacobian` needs
 * nothing more: every dynamics has a Jacobian source (its `jacobian`, its `jvp`, or finite differences of
 * f — see `jacobianEvaluator`).
 * @throws OdeflowError UNSUPPORTED naming what is missing and how to provide it
 */
export function checkCapabilities<T>(solver: Solver, dynamics: Dynamics<T>, backend: TensorBackend<T>): void {
  const name = solver.name;
  if (solver.tableau && !solver.implicit && hasImplicitStage(solver.tableau)) {
    throw new OdeflowError(
      'UNSUPPORTED',
      `Solver "${name}" declares itself explicit but its tableau is diagonally implicit (a nonzero aᵢᵢ). ` +
        'Step such a tableau with an implicit method that solves each stage with Newton iterations, or give an explicit tableau.',
      { solver: name },
    );
  }
  if (solver.needsLinalg && !backend.linalg) {
    throw new OdeflowError(
      'UNSUPPORTED',
      `Solver "${name}" factorises matrices, but backend "${backend.name}" has no linalg capability (dense LU). ` +
        'Run it on the "js" backend, or choose an explicit method.',
      { solver: name, backend: backend.name },
    );
  }
}
