// The scripted model lives in @aegis/scripted-model (it ships in the CLI for `doctor --probe`); re-exported here.
export {
  startFakeModel,
  FakeModelTimeoutError,
  text,
  slowText,
  toolUse,
  httpError,
  hang,
  bash,
  write,
  edit,
  read,
  askUserQuestion,
  exitPlanMode,
  enterPlanMode,
  agent,
  analyzeRequest,
  classifyRequest,
  DEFAULT_TEXT,
  PLAN_TEXT,
  claudeEnv,
  DEFAULT_API_KEY,
  tempDir,
} from '@aegis/scripted-model';
export type {
  FakeModel,
  FakeModelOptions,
  FakeModelRequest,
  Script,
  Reply,
  MessageReply,
  ErrorReply,
  HangReply,
  ReplyBlock,
  TextBlock,
  ToolUseBlock,
  Question,
  RequestInfo,
  RequestKind,
  ToolResultInfo,
  ToolUseInfo,
  ScenarioContext,
  ClaudeConfigOptions,
  ClaudeEnvOptions,
} from '@aegis/scripted-model';
export { CLAUDE_VERSIONS, EDGE_CLAUDE_VERSIONS } from './versions.js';
export { createClaudeConfigDir } from './claude-config.js';
export { installClaude, claudeBinary, defaultClaudeCacheDir, ClaudeInstallError } from './install.js';
export type { InstallOptions, ClaudeInstallErrorCode } from './install.js';
export { readmeExample, runReadmeExample, runReadmeExampleAsUser, userEnvironment } from './readme-example.js';
export type { ReadmeExampleOptions, ExampleRun, UserEnvironment } from './readme-example.js';
export { startPostgres, postgresBinDir } from './postgres.js';
export { killTmuxServer } from './tmux-server.js';
export type { TestPostgres } from './postgres.js';
