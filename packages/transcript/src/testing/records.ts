// Test helper (not exported): the envelope and usage of a transcript record, and parsing one record to one entry.
import { expect } from 'vitest';
import { parseRecord } from '../parse.js';
import type { TranscriptEntry } from '../types.js';

export const env = {
  parentUuid: 'p0',
  isSidechain: false,
  sessionId: 's1',
  timestamp: '2026-11-24T13:55:35.936Z',
  userType: 'external',
  cwd: '/x',
};
export const usage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 5,
  cache_read_input_tokens: 7,
  cache_creation: { ephemeral_1h_input_tokens: 2, ephemeral_5m_input_tokens: 3 },
};

export function one(record: unknown): TranscriptEntry {
  const out = parseRecord(record, { offset: 10 });
  expect(out).toHaveLength(1);
  return out![0]!;
}
