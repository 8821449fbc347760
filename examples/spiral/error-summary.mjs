/**
 * Summaries of a spiral run's full-trajectory errors that are steadier than the last one. Late in training the
 * error of ode_demo's task swings between ≈ 0.06 and ≈ 0.7 from one evaluation to the next (RMSprop at lr 1e-3
 * on an L1 loss keeps hopping; a faithful float32 replica of torchdiffeq's ode_demo does the same, see
 * bench/RESULTS.md), so the error at the final iteration says little on its own about the run.
 * @param {{ iteration: number, error: number }[]} evaluations - in iteration order
 * @param {object} [options]
 * @param {number} [options.last] - how many final evaluations to average (default 5)
 * @param {number} [options.lateFraction] - the trailing fraction of iterations whose errors give the median (default 0.25)
 * @returns {{ final: number, lastMean: number, lateMedian: number, lateCount: number, min: number }} the last
 *   error; the mean of the last `last` errors; the median of the errors evaluated after
 *   (1 − lateFraction)·(last iteration) and how many there were; the smallest error of the run. NaN throughout when
 *   there are no evaluations.
 */
export function errorSummary(evaluations, { last = 5, lateFraction = 0.25 } = {}) {
  if (!Number.isInteger(last) || last < 1) throw new RangeError(`errorSummary: last must be a positive integer, got ${last}.`);
  if (!(lateFraction > 0 && lateFraction <= 1)) throw new RangeError(`errorSummary: lateFraction must be in (0, 1], got ${lateFraction}.`);
  if (evaluations.length === 0) return { final: NaN, lastMean: NaN, lateMedian: NaN, lateCount: 0, min: NaN };
  const errors = evaluations.map((e) => e.error);
  const tail = errors.slice(-last);
  const end = evaluations[evaluations.length - 1].iteration;
  const late = evaluations.filter((e) => e.iteration > (1 - lateFraction) * end).map((e) => e.error).sort((a, b) => a - b);
  const mid = late.length >> 1;
  return {
    final: errors[errors.length - 1],
    lastMean: tail.reduce((s, e) => s + e, 0) / tail.length,
    lateMedian: late.length % 2 === 1 ? late[mid] : (late[mid - 1] + late[mid]) / 2,
    lateCount: late.length,
    min: Math.min(...errors),
  };
}
