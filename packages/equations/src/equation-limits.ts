/**
 * The sizes equations may have. Equations are data and can come from anywhere; these bounds keep parsing,
 * differentiation and compilation (all linear in the size) within a fraction of a second, and the stack of
 * mathjs's recursive parser safe. Exceeding one throws an OdeflowError naming the field and the limit:
 * `UNSAFE_EXPRESSION` for one expression's length or nesting, `EQUATION_TOO_LARGE` for the counts and the
 * total length.
 */
export const EQUATION_LIMITS = {
  /** Characters in one right-hand side. */
  maxLength: 10_000,
  /**
   * Nesting of one right-hand side: brackets, function calls, unary signs, powers and operands on the right
   * of an operator each add a level; a chain `a + b - c + …` or `a * b / c * …` counts as one level.
   */
  maxDepth: 200,
  /** Characters in all right-hand sides together. */
  maxTotalLength: 100_000,
  /** State components (and so equations). */
  maxStates: 1_000,
  /** Parameters. */
  maxParams: 1_000,
} as const;
