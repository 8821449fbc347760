/** Binary and unary operators an equation may use (mathjs OperatorNode `fn` names). */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** Functions an equation may call, with their number of arguments (`-1`: two or more). */
export const ALLOWED_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ['sin', 1],
  ['cos', 1],
  ['tan', 1],
  ['exp', 1],
  ['log', 1],
  ['sqrt', 1],
  ['abs', 1],
  ['tanh', 1],
  ['sinh', 1],
  ['cosh', 1],
  ['asin', 1],
  ['acos', 1],
  ['atan', 1],
  ['pow', 2],
  ['min', -1],
  ['max', -1],
]);

/** Named constants an equation may use when no state, parameter or time is declared with that name. */
export const ALLOWED_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** One line listing what expressions may contain, for error messages. */
export const ALLOWED_SUMMARY =
  'numbers, the declared state, parameter and time symbols, the constants pi and e, + - * / ^, parentheses and the functions ' +
  [...ALLOWED_FUNCTIONS.keys()].join(', ');
