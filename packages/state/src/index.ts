// Commonly used
export { StateTracker, type StateTrackerOptions } from './tracker.js';
export { classifyScreen, type ClassifyOptions } from './screen/classify.js';
export { stateFromScreen, combine, type Signals } from './combine.js';
export {
  pickOption,
  optionKeys,
  identifyOption,
  parseMenu,
  parseCursorMenu,
  type OptionIntent,
  type MenuParse,
  type MenuParseOptions,
} from './screen/options.js';
export type { ScreenReading, ScreenKind } from './screen/reading.js';
export {
  STATE_KINDS,
  DIALOG_KINDS,
  isDialogState,
  type SessionState,
  type StateKind,
  type Evidence,
  type SignalSource,
  type MenuOption,
  type OptionKind,
  type Question,
  type PermissionMode,
  type SpinnerInfo,
  type LastTurnOutcome,
  type TransitionEvent,
  type DialogUnansweredEvent,
  type TrackerEvent,
  type StartingState,
  type TrustPromptState,
  type ApiKeyPromptState,
  type BypassPermissionsPromptState,
  type IdleState,
  type WorkingState,
  type PermissionPromptState,
  type AskingState,
  type PlanApprovalState,
  type DialogState,
  type StalledState,
  type ErrorState,
  type ExitedState,
  type UnknownState,
} from './types.js';

// Inputs
export {
  parseHookPayload,
  HookPayloadSchema,
  HTTP_HOOK_EVENTS,
  TOOL_HOOK_EVENTS,
  type HookEvent,
  type KnownHookEvent,
  type OtherHookEvent,
  type HookEventName,
} from './hooks.js';
export {
  parseStatusFile,
  checkStatusFileIdentity,
  statusLevel,
  StatusFileSchema,
  type StatusFile,
  type ExpectedSession,
  type IdentityCheck,
  type StatusLevel,
} from './status-file.js';
export type { TranscriptSignal, TranscriptSignalKind } from './transcript-signals.js';
export { realClock, type Clock, type TimerHandle } from './clock.js';
export { StateInputError, type StateErrorCode } from './errors.js';

// Screen patterns (for adding a version)
export { PATTERN_TABLES, patternsFor, compareVersions } from './screen/patterns.js';
export { extendPatternTable, type PatternTable, type PatternGroup } from './screen/pattern-table.js';
export { TABLE_2_1_197 } from './screen/table-2-1-197.js';
export { TABLE_2_1_331 } from './screen/table-2-1-331.js';
export { normalizeScreen, type NormalizedScreen, type StyledSegment } from './screen/normalize.js';

// Lower level: signal reducers (core may persist these views)
export {
  reduceHook,
  reduceTranscript,
  type HookView,
  type TranscriptView,
  type Opinion,
  type Phase,
  type PendingPermission,
} from './signals.js';
