/** Tool call builders with the input shapes Claude Code's real tools take (checked against 2.1.197 transcripts). */
import type { ToolUseBlock } from './replies.js';

function call(name: string, input: Record<string, unknown>): ToolUseBlock {
  return { type: 'tool_use', name, input };
}

export function bash(command: string, description = 'Run a command'): ToolUseBlock {
  return call('Bash', { command, description });
}

/** `file_path` must be absolute. */
export function write(filePath: string, content: string): ToolUseBlock {
  return call('Write', { file_path: filePath, content });
}

/** `file_path` must be absolute and must have been read first in the session. */
export function edit(filePath: string, oldString: string, newString: string, replaceAll = false): ToolUseBlock {
  return call('Edit', { replace_all: replaceAll, file_path: filePath, old_string: oldString, new_string: newString });
}

export function read(filePath: string): ToolUseBlock {
  return call('Read', { file_path: filePath });
}

export interface Question {
  question: string;
  /** Chip label, at most 12 characters. */
  header: string;
  options: Array<{ label: string; description: string }>;
  multiSelect: boolean;
}

/** 1 to 4 questions, 2 to 4 options each. */
export function askUserQuestion(...questions: Question[]): ToolUseBlock {
  return call('AskUserQuestion', { questions });
}

/** Claude Code reads the plan from the plan file itself; the model sends an empty input. */
export function exitPlanMode(): ToolUseBlock {
  return call('ExitPlanMode', {});
}

export function enterPlanMode(): ToolUseBlock {
  return call('EnterPlanMode', {});
}

export function agent(prompt: string, description = 'Say hi', subagentType = 'general-purpose'): ToolUseBlock {
  return call('Agent', { description, prompt, subagent_type: subagentType });
}
