import { AegisError, isAegisError, type AegisErrorCode } from './errors.js';
import type { CreateResult } from './create.js';
import type { CreateSessionInput } from './schemas.js';

export const MAX_BATCH = 50;

export type BatchItemResult =
  | { index: number; ok: true; result: CreateResult }
  | { index: number; ok: false; error: { code: AegisErrorCode; message: string } };

/** Creates up to {@link MAX_BATCH} sessions, at most `concurrency` at a time; each item reports its own outcome. */
export async function createBatch(
  create: (input: CreateSessionInput) => Promise<CreateResult>,
  inputs: readonly CreateSessionInput[],
  concurrency = 6,
): Promise<BatchItemResult[]> {
  if (inputs.length === 0 || inputs.length > MAX_BATCH) {
    throw new AegisError('INVALID_INPUT', `a batch holds 1 to ${MAX_BATCH} sessions, got ${inputs.length}`, {
      count: inputs.length,
    });
  }
  const results: BatchItemResult[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) {
      try {
        results[i] = { index: i, ok: true, result: await create(inputs[i]!) };
      } catch (e) {
        const error = isAegisError(e)
          ? { code: e.code, message: e.message }
          : { code: 'INTERNAL' as const, message: String((e as Error)?.message ?? e) };
        results[i] = { index: i, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return results;
}
