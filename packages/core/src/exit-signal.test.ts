import { describe, expect, it } from 'vitest';
import { signalName } from './exit-signal.js';

describe('signalName', () => {
  it('names the signal tmux reports by number', () => {
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(1)).toBe('SIGHUP');
  });
  it('is null when no signal killed the process, and keeps unknown numbers', () => {
    expect(signalName(null)).toBeNull();
    expect(signalName(0)).toBeNull();
    expect(signalName(250)).toBe('signal 250');
  });
});
