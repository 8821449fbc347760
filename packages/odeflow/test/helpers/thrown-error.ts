import { isOdeflowError, type OdeflowError } from 'odeflow';

/** The OdeflowError `fn` throws; any other exception is rethrown, and no exception fails the test. */
export function thrownError(fn: () => unknown): OdeflowError {
  try {
    fn();
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OdeflowError');
}
