import type { A } from './a.js';
export type B = { a?: A };
export const c = 1;
