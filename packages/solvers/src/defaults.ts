/** Name of the default method. */
export const DEFAULT_SOLVER = 'dopri5';

/** Name of the default step-size controller (the PI controller). */
export const DEFAULT_CONTROLLER = 'pi';

/** Default relative tolerance of a solve. */
export const DEFAULT_RTOL = 1e-7;

/** Default absolute tolerance of a solve. */
export const DEFAULT_ATOL = 1e-9;
