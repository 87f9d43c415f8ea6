/** The keyword scenarios: a keyword in the human text picks the reply, steps follow the tool results. */
import { join } from 'node:path';
import type { RequestInfo } from './request-info.js';
import { hang, httpError, slowText, text, toolUse, type Reply } from './replies.js';
import { agent, askUserQuestion, bash, edit, enterPlanMode, exitPlanMode, read, write } from './tools.js';

export const DEFAULT_TEXT = 'Hello from the fake model.';
export const PLAN_TEXT =
  '# Plan: greeting file\n\n1. Create greeting.txt\n2. Write a greeting into it\n3. Verify the contents\n';
export const TITLE_TEXT = 'Fake session title';

const KEYWORD_RE =
  /KW(BASHNPM|BASH|SLEEP|BIGWRITE|WRITE|EDIT|READ|MULTI|ASK2|ASK|PLAN|TASK|LONG|SLOW(\d+)|HANG|ERR(\d{3}))/;

export interface ScenarioContext extends RequestInfo {
  body: Record<string, unknown>;
}

function resultText(ctx: ScenarioContext): string {
  const first = ctx.toolResults[0]?.text ?? '';
  return JSON.stringify(first.length > 200 ? first.slice(0, 200) + '…' : first);
}

/** Reply i while i < steps.length, then a final text quoting the first tool result. */
function steps(ctx: ScenarioContext, list: Reply[], done: string): Reply {
  return list[ctx.step] ?? text(`${done} Result: ${resultText(ctx)}`);
}

const COLOR = {
  question: 'Which color should the button be?',
  header: 'Color',
  options: [
    { label: 'Red', description: 'A warm red' },
    { label: 'Blue', description: 'A calm blue' },
  ],
  multiSelect: false,
};

function plan(ctx: ScenarioContext, cwd: string): Reply {
  const used = new Set(ctx.toolUses.map((u) => u.name));
  if (used.has('ExitPlanMode'))
    return text(`Plan handled. Result: ${resultText({ ...ctx, toolResults: ctx.toolResults.slice(-1) })}`);
  if (used.has('Write')) return toolUse('Here is my plan.', exitPlanMode());
  if (ctx.planFilePath) return toolUse('Writing my plan.', write(ctx.planFilePath, PLAN_TEXT));
  // Not in plan mode yet: enter it (2.1.331 lists EnterPlanMode as a deferred tool, a direct call still works).
  if (!used.has('EnterPlanMode')) return toolUse('Entering plan mode.', enterPlanMode());
  return toolUse('Writing my plan.', write(join(cwd, 'PLAN.md'), PLAN_TEXT));
}

/** The reply for a prompt by keyword (see README), or undefined when the text has no keyword. */
export function keywordReply(ctx: ScenarioContext): Reply | undefined {
  const m = KEYWORD_RE.exec(ctx.humanText ?? '');
  if (!m) return undefined;
  const cwd = ctx.cwd ?? process.cwd();
  const notes = join(cwd, 'notes.txt');
  switch (m[1]) {
    case 'BASH':
      return steps(
        ctx,
        [toolUse('I will run it.', bash('echo hi > out.txt', 'Write hi to out.txt'))],
        'Done running the command.',
      );
    case 'BASHNPM':
      return steps(ctx, [toolUse('Building.', bash('npm run build', 'Build the project'))], 'Build step finished.');
    case 'SLEEP':
      return steps(ctx, [toolUse('Sleeping.', bash('sleep 8 && echo slept', 'Sleep 8 seconds'))], 'Done sleeping.');
    case 'WRITE':
      return steps(
        ctx,
        [toolUse('Creating the file.', write(join(cwd, 'hello.txt'), 'line one\nline two\nline three\n'))],
        'File written.',
      );
    case 'BIGWRITE': {
      const content = Array.from({ length: 300 }, (_, i) => `big line ${i + 1}`).join('\n') + '\n';
      return steps(ctx, [toolUse('Creating a big file.', write(join(cwd, 'big.txt'), content))], 'Big file written.');
    }
    case 'READ':
      return steps(ctx, [toolUse('Reading notes.', read(notes))], 'The file has been read.');
    case 'EDIT':
      return steps(
        ctx,
        [
          toolUse('Reading the file first.', read(notes)),
          toolUse('Now editing it.', edit(notes, 'alpha line', 'ALPHA LINE (edited)')),
        ],
        'Edit finished.',
      );
    case 'MULTI':
      return steps(
        ctx,
        [
          toolUse(
            'Running three things.',
            read(notes),
            bash('echo one > one.txt', 'Write one'),
            bash('echo two > two.txt', 'Write two'),
          ),
        ],
        'All done.',
      );
    case 'ASK':
      return steps(ctx, [toolUse('I have a question.', askUserQuestion(COLOR))], 'Thanks for the answer.');
    case 'ASK2':
      return steps(
        ctx,
        [
          toolUse(
            'I have questions.',
            askUserQuestion(
              { ...COLOR, options: [...COLOR.options, { label: 'Green', description: 'A fresh green' }] },
              {
                question: 'Which features do you want to enable?',
                header: 'Features',
                options: [
                  { label: 'Logging', description: 'Write logs' },
                  { label: 'Metrics', description: 'Export metrics' },
                  { label: 'Tracing', description: 'Trace requests' },
                ],
                multiSelect: true,
              },
            ),
          ),
        ],
        'Thanks for the answers.',
      );
    case 'PLAN':
      return plan(ctx, cwd);
    case 'TASK':
      return steps(ctx, [toolUse('Delegating to a subagent.', agent('please say hi'))], 'Subagent finished.');
    case 'LONG':
      return text(Array.from({ length: 150 }, (_, i) => `Line ${i + 1} of the long answer.`).join('\n'));
    case 'HANG':
      return hang();
    default:
      break;
  }
  if (m[2]) {
    const seconds = Number(m[2]);
    return slowText(Array.from({ length: Math.max(1, seconds * 5) }, (_, i) => `word${i}`).join(' '), seconds);
  }
  const status = Number(m[3]);
  return httpError(status, status === 429 ? { retryAfter: 5 } : {});
}

/** The built-in answer for any request: keyword scenario, title JSON, compaction summary or the default text. */
export function builtinReply(ctx: ScenarioContext): Reply {
  const format = (ctx.body.output_config as { format?: { type?: string; schema?: JsonSchema } } | undefined)?.format;
  if (ctx.kind === 'title')
    return text(format?.type === 'json_schema' ? JSON.stringify({ title: TITLE_TEXT }) : TITLE_TEXT);
  if (ctx.kind === 'compaction') {
    return text(
      '<analysis>The user tested the fake model.</analysis>\n<summary>1. Primary Request and Intent: testing.</summary>',
    );
  }
  if (ctx.kind !== 'prompt' && format?.type === 'json_schema') return text(JSON.stringify(fillSchema(format.schema)));
  return (ctx.kind === 'prompt' ? keywordReply(ctx) : undefined) ?? text(DEFAULT_TEXT);
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
}

/** A value for a structured-output request (e.g. 2.1.331's kebab-case session name `{"name": …}`). */
function fillSchema(schema: JsonSchema | undefined, key = 'value'): unknown {
  switch (schema?.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, fillSchema(v, k)]));
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return key === 'title' ? TITLE_TEXT : `fake-${key}`;
  }
}
