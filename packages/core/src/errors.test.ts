import { describe, expect, it } from 'vitest';
import { AEGIS_ERROR_CODES, AegisError, ERROR_STATUS, SessionNotFoundError, isAegisError } from './errors.js';

describe('AegisError', () => {
  it('has a stable code, a status class and serialises without a stack', () => {
    const e = new SessionNotFoundError('abc');
    expect(e).toBeInstanceOf(AegisError);
    expect(e.code).toBe('SESSION_NOT_FOUND');
    expect(e.status).toBe(404);
    expect(e.toJSON()).toEqual({ code: 'SESSION_NOT_FOUND', message: 'no session abc', details: { sessionId: 'abc' } });
    expect(isAegisError(e, 'SESSION_NOT_FOUND')).toBe(true);
    expect(isAegisError(e, 'TIMEOUT')).toBe(false);
  });

  it('maps every code to a status', () => {
    for (const c of AEGIS_ERROR_CODES) expect(ERROR_STATUS[c]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS.ALREADY_ANSWERED).toBe(409);
  });

  it('keeps the cause', () => {
    const cause = new Error('x');
    expect(new AegisError('INTERNAL', 'y', {}, { cause }).cause).toBe(cause);
  });
});
