export { parseAamva } from './parse.js';
export type * from './types.js';
