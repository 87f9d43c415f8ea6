import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './roles.js';

/** An API key as it may be shown: never the key, never its hash. */
export interface KeyInfo {
  id: string;
  name: string;
  role: Role;
  /** The key's first characters (`aegis_AbCdEf`), to recognise it. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface NewKey {
  name: string;
  role: Role;
  hash: string;
  prefix: string;
  createdAt: number;
}

/** Where API keys are kept (a file in the state dir; a database later). Only hashes are stored. */
export interface KeyStore {
  /** Adds a key; throws `KEY_CONFLICT` when the name is taken. */
  add(key: NewKey): Promise<KeyInfo>;
  /** Every key, oldest first. */
  list(): Promise<KeyInfo[]>;
  count(): Promise<number>;
  findByHash(hash: string): Promise<KeyInfo | null>;
  /** Removes the key with this id (or else this name); null when there is none. */
  remove(idOrName: string): Promise<KeyInfo | null>;
  /** Records a use; an implementation may store it coarsely (to the minute) to spare writes. */
  touch(id: string, at: number): Promise<void>;
}

export const KEY_PREFIX = 'aegis_';

/**
 * A new random key (`aegis_` + 256 random bits, base64url; the prefix makes a leaked key recognisable to secret
 * scanners). SHA-256 suffices for storing it: slow hashes (scrypt, argon2) defend guessable passwords, and nobody
 * guesses 256 random bits, while a fast hash keeps the lookup on every request cheap.
 */
export function generateKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
