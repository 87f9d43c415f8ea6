import { c } from './b.js';
export const d = c;
