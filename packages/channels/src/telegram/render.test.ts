import type { AegisEvent } from '@aegis/core';
import { describe, expect, it } from 'vitest';
import { SessionDirectory } from '../session-directory.js';
import { renderNotice } from './render.js';

const ev = (type: string, data: Record<string, unknown>, sessionId = 'p1') =>
  ({ id: 1, at: 0, type, sessionId, data }) as unknown as AegisEvent;

describe('pipeline events', () => {
  it('render as one short line each', () => {
    expect(
      renderNotice(ev('pipeline.created', { pipelineId: 'p1', name: 'ship <it>', stages: ['build', 'test'] })),
    ).toEqual(['🧩 Pipeline <b>ship &lt;it&gt;</b> created: build, test']);
    expect(
      renderNotice(
        ev(
          'pipeline.stage',
          {
            pipelineId: 'p1',
            stage: 'test',
            from: 'running',
            to: 'retrying',
            attempt: 1,
            sessionId: 's1',
            reason: 'doneWhen failed: npm exited 1',
          },
          's1',
        ),
      ),
    ).toEqual(['🧩 Stage <b>test</b> running → retrying (attempt 1): doneWhen failed: npm exited 1']);
    expect(
      renderNotice(
        ev('pipeline.finished', { pipelineId: 'p1', name: 'ship', status: 'failed', reason: 'stage test failed' }),
      ),
    ).toEqual(['❌ Pipeline <b>ship</b> failed: stage test failed']);
  });

  it('name the pipeline topic after the pipeline', () => {
    const d = new SessionDirectory();
    expect(d.observe(ev('pipeline.created', { pipelineId: 'p1', name: 'ship', stages: [] }))).toMatchObject({
      id: 'p1',
      name: 'pipeline ship',
    });
  });
});

describe('session.ended of a worktree session', () => {
  it('carries the branch and its diff stat', () => {
    const data = { reason: 'killed', code: null, signal: null };
    expect(renderNotice(ev('session.ended', data, 's1'))).toEqual(['⏹ Session ended (killed).']);
    expect(
      renderNotice(
        ev(
          'session.ended',
          {
            ...data,
            worktree: { branch: 'aegis/fix<1>', diffStat: '1 file changed, 2 insertions(+), 0 deletions(-)' },
          },
          's1',
        ),
      ),
    ).toEqual([
      '⏹ Session ended (killed).\n🌿 <code>aegis/fix&lt;1&gt;</code>: 1 file changed, 2 insertions(+), 0 deletions(-)',
    ]);
  });
});
