import { describe, expect, it } from 'vitest';
import { AnswerSchema, CreateSessionSchema, envKeyDenied } from './schemas.js';

describe('env denylist', () => {
  it.each([
    'LD_PRELOAD',
    'NODE_OPTIONS',
    'PATH',
    'path',
    'LD_ANYTHING',
    'DYLD_INSERT_LIBRARIES',
    'BASH_FUNC_x%%',
    'HOME',
    'AEGIS_TOKEN',
    'CLAUDE_CONFIG_DIR',
    '1BAD',
    'A-B',
  ])('refuses %s', (k) => expect(envKeyDenied(k)).not.toBeNull());
  it.each(['MY_FLAG', 'ANTHROPIC_MODEL', 'DEBUG'])('allows %s', (k) => expect(envKeyDenied(k)).toBeNull());
});

describe('CreateSessionSchema', () => {
  it('needs a workDir and checks the permission mode and resume id', () => {
    expect(CreateSessionSchema.safeParse({}).success).toBe(false);
    expect(CreateSessionSchema.safeParse({ workDir: '/tmp', permissionMode: 'yolo' }).success).toBe(false);
    expect(CreateSessionSchema.safeParse({ workDir: '/tmp', resumeSessionId: 'nope' }).success).toBe(false);
    expect(CreateSessionSchema.safeParse({ workDir: '/tmp', name: 'a b' }).success).toBe(false);
    expect(
      CreateSessionSchema.safeParse({ workDir: '/tmp', permissionMode: 'plan', prompt: 'hi', env: { A: '1' } }).success,
    ).toBe(true);
  });
});

describe('AnswerSchema', () => {
  it('accepts the actions and known keys only', () => {
    expect(AnswerSchema.safeParse({ action: 'approve' }).success).toBe(true);
    expect(AnswerSchema.safeParse({ action: 'answer', options: [['a', 'b']], text: ['x'] }).success).toBe(true);
    expect(AnswerSchema.safeParse({ action: 'keys', keys: ['Enter', 'C-c'] }).success).toBe(true);
    expect(AnswerSchema.safeParse({ action: 'keys', keys: ['rm -rf /'] }).success).toBe(false);
    expect(AnswerSchema.safeParse({ action: 'explode' }).success).toBe(false);
  });
});
