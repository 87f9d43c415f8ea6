import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModel, type FakeModel } from './fake-model.js';
import { hang, httpError, slowText, text, toolUse } from './replies.js';
import { promptBody, titleBody, toolRound } from './testing/bodies.js';
import { assemble, parseSse } from './testing/sse.js';
import { bash, read } from './tools.js';

let models: FakeModel[] = [];
async function start(...args: Parameters<typeof startFakeModel>): Promise<FakeModel> {
  const m = await startFakeModel(...args);
  models.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(models.map((m) => m.close()));
  models = [];
});

async function post(m: FakeModel, body: unknown, path = '/v1/messages?beta=true', signal?: AbortSignal) {
  return fetch(m.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

describe('fake model: streaming', () => {
  it('streams a text reply with the full SSE sequence and usage', async () => {
    const m = await start();
    const res = await post(m, promptBody('say hello'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start0 = events[0]!.data.message;
    expect(start0.id).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(start0.model).toBe('claude-opus-4-8');
    expect(start0.usage.input_tokens).toBeGreaterThan(0);
    expect(start0.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(assemble(events)).toEqual([{ type: 'text', text: 'Hello from the fake model.' }]);
    const delta = events.find((e) => e.event === 'message_delta')!.data;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams a tool call whose input_json_delta pieces assemble to the input', async () => {
    const m = await start();
    const events = parseSse(await (await post(m, promptBody('please KWBASH now'))).text());
    const blocks = assemble(events);
    expect(blocks[0]).toEqual({ type: 'text', text: 'I will run it.' });
    expect(blocks[1]).toMatchObject({
      type: 'tool_use',
      name: 'Bash',
      input: { command: 'echo hi > out.txt', description: 'Write hi to out.txt' },
    });
    expect(blocks[1]!.id).toMatch(/^toolu_[0-9a-f]{24}$/);
    expect(events.filter((e) => e.data.delta?.type === 'input_json_delta').length).toBeGreaterThan(1);
    expect(events.find((e) => e.event === 'message_delta')!.data.delta.stop_reason).toBe('tool_use');
  });

  it('sends several tools in one message (KWMULTI) and a final text once the results are back', async () => {
    const m = await start();
    const blocks = assemble(parseSse(await (await post(m, promptBody('please KWMULTI things'))).text()));
    expect(blocks.filter((b) => b.type === 'tool_use').map((b) => b.name)).toEqual(['Read', 'Bash', 'Bash']);
    const ids = new Set(blocks.filter((b) => b.type === 'tool_use').map((b) => b.id));
    expect(ids.size).toBe(3);
    const after = promptBody('please KWMULTI things', [
      { role: 'assistant', content: blocks },
      {
        role: 'user',
        content: blocks
          .filter((b) => b.type === 'tool_use')
          .map((b) => ({ type: 'tool_result', tool_use_id: b.id, content: 'ok' })),
      },
    ]);
    const final = assemble(parseSse(await (await post(m, after)).text()));
    expect(final).toEqual([{ type: 'text', text: 'All done. Result: "ok"' }]);
  });

  it('walks KWEDIT through Read, Edit and a final text by tool results', async () => {
    const m = await start();
    const first = assemble(parseSse(await (await post(m, promptBody('please KWEDIT notes'))).text()));
    expect(first[1]).toMatchObject({ name: 'Read', input: { file_path: '/tmp/work/notes.txt' } });
    const second = assemble(
      parseSse(
        await (await post(m, promptBody('please KWEDIT notes', toolRound('t1', 'Read', {}, 'alpha line')))).text(),
      ),
    );
    expect(second[1]).toMatchObject({
      name: 'Edit',
      input: {
        file_path: '/tmp/work/notes.txt',
        old_string: 'alpha line',
        new_string: 'ALPHA LINE (edited)',
        replace_all: false,
      },
    });
  });

  it('records when the last byte of a reply was written', async () => {
    const m = await start();
    const seen: number[] = [];
    m.onReplyFinished((r) => seen.push(r.seq));
    await (await post(m, promptBody('say hi'))).text();
    const r = m.prompts()[0]!;
    expect(r.finishedAt).toBeGreaterThanOrEqual(r.at);
    expect(seen).toEqual([r.seq]);
  });

  it('streams slowText word by word', async () => {
    const m = await start({ script: () => slowText('one two three', 0.06) });
    const events = parseSse(await (await post(m, promptBody('x'))).text());
    expect(events.filter((e) => e.event === 'content_block_delta').map((e) => e.data.delta.text)).toEqual([
      'one ',
      'two ',
      'three',
    ]);
  });
});

describe('fake model: errors, hangs, other routes', () => {
  it('answers KWERR429 with Anthropic error JSON and retry-after', async () => {
    const m = await start();
    const res = await post(m, promptBody('please KWERR429 now'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const res500 = await post(m, promptBody('KWERR500'));
    expect(res500.status).toBe(500);
    expect(await res500.json()).toMatchObject({ error: { type: 'api_error', message: 'Internal server error' } });
    const res529 = await post(m, promptBody('KWERR529'));
    expect(await res529.json()).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('httpError() takes a retry-after', async () => {
    const m = await start({ script: () => httpError(503, { retryAfter: 2 }) });
    const res = await post(m, promptBody('x'));
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '2']);
  });

  it('holds a hanging request open until close()', async () => {
    const m = await start();
    const pending = post(m, promptBody('please KWHANG now')).then(
      () => 'answered',
      () => 'connection closed',
    );
    const r = await m.waitForPrompt((p) => p.humanText === 'please KWHANG now');
    expect(r.reply).toEqual(hang());
    const race = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still open'), 100))]);
    expect(race).toBe('still open');
    await m.close();
    expect(await pending).toBe('connection closed');
    expect(r.finishedAt).toBeUndefined();
  });

  it('answers non-streamed requests with one JSON message', async () => {
    const m = await start();
    const res = await post(m, { ...promptBody('please KWREAD notes'), stream: false });
    const msg = (await res.json()) as { usage: { output_tokens: number } };
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      stop_reason: 'tool_use',
      content: [{ type: 'text' }, { type: 'tool_use', name: 'Read' }],
    });
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
  });

  it('answers count_tokens, HEAD / and GET /, and 404 for the rest', async () => {
    const m = await start();
    const count = (await (await post(m, promptBody('x'), '/v1/messages/count_tokens?beta=true')).json()) as {
      input_tokens: number;
    };
    expect(count.input_tokens).toBeGreaterThan(0);
    expect((await fetch(m.url + '/', { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(m.url + '/')).status).toBe(200);
    const missing = await fetch(m.url + '/v1/nothing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(m.prompts()).toEqual([]);
  });
});

describe('fake model: scripts and records', () => {
  it('classifies requests and keeps the human text of prompts', async () => {
    const m = await start();
    const title = assemble(parseSse(await (await post(m, titleBody('say hi KWBASH'))).text()));
    expect(JSON.parse(title[0]!.text)).toEqual({ title: 'Fake session title' });
    await (await post(m, promptBody('say hi KWBASH'))).text();
    expect(m.requests.map((r) => r.kind)).toEqual(['title', 'prompt']);
    expect(m.prompts().map((p) => p.humanText)).toEqual(['say hi KWBASH']);
    expect(m.requests[0]!.humanText).toBeUndefined();
  });

  it('asks the newest script first and falls back to the keywords', async () => {
    const m = await start();
    m.script((ctx) => (ctx.humanText === 'custom' ? text('from script 1') : undefined));
    const remove = m.script((ctx) => (ctx.humanText === 'custom' ? toolUse(bash('ls'), read('/x')) : undefined));
    expect(assemble(parseSse(await (await post(m, promptBody('custom'))).text())).map((b) => b.name ?? b.text)).toEqual(
      ['Bash', 'Read'],
    );
    remove();
    expect(assemble(parseSse(await (await post(m, promptBody('custom'))).text()))).toEqual([
      { type: 'text', text: 'from script 1' },
    ]);
    expect(assemble(parseSse(await (await post(m, promptBody('plain'))).text()))).toEqual([
      { type: 'text', text: 'Hello from the fake model.' },
    ]);
  });

  it('waitForPrompt resolves for past and future prompts and times out', async () => {
    const m = await start();
    await (await post(m, promptBody('first'))).text();
    expect((await m.waitForPrompt((p) => p.humanText === 'first')).humanText).toBe('first');
    const later = m.waitForPrompt((p) => p.humanText === 'second', 5000);
    await (await post(m, promptBody('second'))).text();
    expect((await later).humanText).toBe('second');
    await expect(m.waitForPrompt((p) => p.humanText === 'never', 20)).rejects.toMatchObject({
      code: 'FAKE_MODEL_TIMEOUT',
    });
  });

  it('uses ids unique across two server instances, and can restart on the same port', async () => {
    const a = await start();
    const idsOf = async (m: FakeModel) => {
      const events = parseSse(await (await post(m, promptBody('please KWBASH now'))).text());
      return [events[0]!.data.message.id, assemble(events)[1]!.id];
    };
    const first = await idsOf(a);
    const port = a.port;
    await a.close();
    const b = await start({ port });
    expect(b.port).toBe(port);
    const second = await idsOf(b);
    expect(new Set([...first, ...second]).size).toBe(4);
  });
});
