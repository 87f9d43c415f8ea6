import type { z } from 'zod';
import { InvalidInputError } from './errors.js';

/** Parses with a zod schema; failures become INVALID_INPUT with the issues in `details`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new InvalidInputError(
    'INVALID_INPUT',
    `invalid input: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
    { issues },
  );
}
