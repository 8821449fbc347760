/**
 * The right-hand side of a batch of B problems of n components each, vectorised over the rows still
 * being solved. Each row steps with its own step size, so each row sits at its own time: `t[j]` is the time
 * of row j of `Y`, and `Y` holds m = `t.length` states of n components row-major (`Y[j·n + i]`). Write
 * dy/dt of every row into `out` (same layout, every one of its m·n entries) and return nothing.
 * `rows[j]` is the index in the batch (0 … B−1) of row j, in increasing order: rows that finished are left
 * out, and a large batch is solved in chunks of rows (a few thousand, so that every stage stays in cache), so
 * look per-problem parameters up through it (`k = params[rows[j]]`). All four arrays are reused
 * between calls and are copies of the solver's own data (writing into `t`, `Y` or `rows` changes nothing):
 * do not keep them.
 */
export type BatchedOdeFunction = (t: Float64Array, Y: Float64Array, out: Float64Array, rows: Int32Array) => void;
