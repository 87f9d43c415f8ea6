// zod readers for settings that arrive as strings from the environment (comma lists, flags) or config files.
import { z } from 'zod';

export const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const splitComma = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;
export const commaList = z.preprocess(splitComma, z.array(z.url()));
export const names = z.preprocess(splitComma, z.array(z.string().min(1)));
export const origins = z.preprocess(
  splitComma,
  z.array(
    z
      .url({ protocol: /^https?$/ })
      .refine((u) => new URL(u).origin === u.replace(/\/$/, ''), 'an origin: scheme://host[:port], no path'),
  ),
);
export const folders = z.preprocess(splitComma, z.array(z.string().startsWith('/', 'an absolute path')));
// "false" from the environment is false (z.coerce.boolean would make it true)
export const flag = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean(),
);
