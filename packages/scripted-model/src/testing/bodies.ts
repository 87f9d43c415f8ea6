/** Test helper: request bodies shaped like the ones Claude Code 2.1.197 / 2.1.331 really send. */
const REMINDER =
  "<system-reminder>\nAs you answer the user's questions, you can use the following context:\n# currentDate\nToday's date is 2026-11-24.\n</system-reminder>\n\n";
const ENV = '# Environment\n - Primary working directory: /tmp/work\n - Is a git repository: false\n';
const TOOLS = ['Bash', 'Read', 'Write', 'Edit', 'AskUserQuestion', 'EnterPlanMode', 'ExitPlanMode'].map((name) => ({
  name,
  input_schema: { type: 'object' },
}));

export function promptBody(human: string, extra: Array<Record<string, unknown>> = []): Record<string, any> {
  return {
    model: 'claude-opus-4-8',
    stream: true,
    max_tokens: 64000,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: ENV },
    ],
    tools: TOOLS,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: REMINDER },
          { type: 'text', text: human, cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'system', content: 'Available agent types for the Agent tool: …' },
      ...extra,
    ],
  };
}

export function titleBody(human: string): Record<string, any> {
  return {
    model: 'claude-opus-4-8',
    stream: true,
    system: [{ type: 'text', text: 'Generate a concise, sentence-case title (3-7 words) …' }],
    output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
    messages: [
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: `<session>\n${human}\n</session>\n\nWrite the title in the language the user wrote in, regardless of the language of the examples above.`,
          },
        ],
      },
    ],
  };
}

/** The assistant tool call plus the user tool_result message that follows it. */
export function toolRound(
  id: string,
  name: string,
  input: Record<string, unknown>,
  result: string,
): Array<Record<string, unknown>> {
  return [
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'ok' },
        { type: 'tool_use', id, name, input },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result, is_error: false }] },
  ];
}
