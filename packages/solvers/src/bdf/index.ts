export { Bdf, bdf } from './bdf.js';
