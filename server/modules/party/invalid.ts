/** A 400 naming the field that is wrong, in both languages (core/errors.ts). */
export { invalid } from '../../core/errors.js';
