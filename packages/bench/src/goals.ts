import type { Figure, Goal, GoalResult } from './types.js';

/** The goals of issues #11, #16 (delivery under load), #18 (latency at Claude Code's own limit) and #19 (dashboard), keyed by figure id. */
export const GOALS: readonly Goal[] = [
  { figureId: 'idle.detect', stat: 'p50', op: '<=', target: 25, unit: 'ms', text: 'p50 ≤ 25 ms (with hooks)' },
  { figureId: 'idle.detect', stat: 'p99', op: '<=', target: 60, unit: 'ms', text: 'p99 ≤ 60 ms (with hooks)' },
  {
    figureId: 'tracker.idle.no-hooks',
    stat: 'p50',
    op: '<=',
    target: 80,
    unit: 'ms',
    text: 'p50 ≤ 80 ms (without hooks)',
  },
  {
    figureId: 'tracker.idleFlips.hooks',
    stat: 'value',
    op: '<=',
    target: 0,
    unit: 'count',
    text: 'no idle taken back',
  },
  { figureId: 'permission.detect', stat: 'p50', op: '<=', target: 80, unit: 'ms', text: 'p50 ≤ 80 ms' },
  { figureId: 'delivery.short', stat: 'p50', op: '<=', target: 120, unit: 'ms', text: 'p50 ≤ 120 ms' },
  { figureId: 'delivery.long', stat: 'p50', op: '<=', target: 250, unit: 'ms', text: 'p50 ≤ 250 ms' },
  { figureId: 'idle50.cpu', stat: 'value', op: '<', target: 3, unit: '%', text: '< 3 % of a core' },
  { figureId: 'idle50.rss', stat: 'value', op: '<', target: 250, unit: 'MB', text: '< 250 MB' },
  { figureId: 'create.share', stat: 'p50', op: '<=', target: 100, unit: 'ms', text: 'p50 ≤ 100 ms' },
  { figureId: 'transcript.parse', stat: 'p50', op: '>=', target: 300, unit: 'MB/s', text: '≥ 300 MB/s' },
  { figureId: 'dashboard.status', stat: 'p50', op: '<=', target: 100, unit: 'ms', text: 'p50 ≤ 100 ms' },
  { figureId: 'dashboard.pane', stat: 'p50', op: '<=', target: 50, unit: 'ms', text: 'p50 ≤ 50 ms' },
  { figureId: 'dashboard.js', stat: 'value', op: '<=', target: 0.25, unit: 'MB', text: '≤ 250 KB gzipped' },
  { figureId: 'sse.fanout', stat: 'p99', op: '<', target: 50, unit: 'ms', text: 'p99 < 50 ms' },
  { figureId: 'fleet.event', stat: 'p50', op: '<=', target: 50, unit: 'ms', text: 'p50 ≤ 50 ms' },
  { figureId: 'fleet.forward', stat: 'p50', op: '<=', target: 20, unit: 'ms', text: 'p50 ≤ 20 ms' },
  // issue #21: a node of an idle fleet costs no more than one server holding 50 idle sessions
  { figureId: 'fleet.idle.cpu', stat: 'value', op: '<', target: 3, unit: '%', text: '< 3 % of a core' },
  { figureId: 'fleet.idle.rss', stat: 'value', op: '<', target: 250, unit: 'MB', text: '< 250 MB' },
  // issue #16: under load a slow tmux costs latency, never a message
  {
    figureId: 'delivery50.confirmed',
    stat: 'value',
    op: '>=',
    target: 100,
    unit: '%',
    text: '100 % of sends confirmed',
  },
  {
    figureId: 'delivery50.wrong',
    stat: 'value',
    op: '<=',
    target: 0,
    unit: 'count',
    text: 'none lost, doubled or out of order',
  },
];

export function goalsFor(figureId: string, goals: readonly Goal[] = GOALS): Goal[] {
  return goals.filter((g) => g.figureId === figureId);
}

/** Checks one goal against a (summarized) figure; null when the figure lacks the statistic. */
export function evaluateGoal(goal: Goal, f: Figure): GoalResult | null {
  const actual = goal.stat === 'value' ? f.value : f[goal.stat];
  if (actual === undefined || !Number.isFinite(actual)) return null;
  const met = goal.op === '<=' ? actual <= goal.target : goal.op === '<' ? actual < goal.target : actual >= goal.target;
  const margin = goal.op === '>=' ? actual - goal.target : goal.target - actual;
  return { goal, actual, met, margin };
}

export function evaluateFigure(f: Figure, goals: readonly Goal[] = GOALS): GoalResult[] {
  return goalsFor(f.id, goals).flatMap((g) => evaluateGoal(g, f) ?? []);
}
