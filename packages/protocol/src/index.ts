export type {
  BackgroundTerminalInfo,
  CustomPrompt,
  Event,
  EventMsg,
  EventMsgType,
  HistoryEntry,
  InitialMessage,
  McpToolInfo,
  RestoredFile,
  SkillInfo,
  TokenUsageInfo,
} from "./events.ts";
export type {
  AgentMessageItem,
  CommandExecutionItem,
  CommandExecutionStatus,
  ErrorItem,
  FileChangeItem,
  FileUpdateChange,
  ItemStatus,
  McpContentBlock,
  McpToolCallItem,
  PatchChangeKind,
  PlanStep,
  PlanStepStatus,
  ReasoningItem,
  ThreadItem,
  TodoItem,
  TodoListItem,
  WebSearchItem,
} from "./items.ts";
export type {
  ContentItem,
  LocalShellAction,
  ReasoningContentPart,
  ReasoningSummaryPart,
  ResponseItem,
  TokenUsage,
  WebSearchAction,
} from "./models.ts";
export { addTokenUsage, emptyTokenUsage } from "./models.ts";
export type { NetworkDecision, Op, OpType, TurnContextOverrides, UserInput } from "./ops.ts";
export { NETWORK_DECISIONS } from "./ops.ts";
export type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  ReviewDecision,
  SandboxMode,
  SandboxPolicy,
  Verbosity,
} from "./policy.ts";
export {
  APPROVAL_POLICIES,
  REASONING_EFFORTS,
  REASONING_SUMMARIES,
  SANDBOX_MODES,
  VERBOSITIES,
} from "./policy.ts";
export type {
  ReviewFinding,
  ReviewLineRange,
  ReviewOutput,
  ReviewRequest,
  ReviewTarget,
} from "./review.ts";
export type { Session } from "./session.ts";
export { ProtocolError, parseOp } from "./validate.ts";
export { CODEX_VERSION } from "./version.ts";
