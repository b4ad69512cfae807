/** Transcript cells: what the transcript shows, built from protocol events by the reducer. */
import type {
  AskForApproval,
  CommandExecutionStatus,
  FileUpdateChange,
  ItemStatus,
  McpToolCallItem,
  PlanStep,
  ReasoningEffort,
  ReviewDecision,
  SandboxMode,
  TodoItem,
} from "@codex/protocol";

export type NoticeTone = "error" | "warning" | "info" | "retry" | "interrupted";

export type SessionInfo = {
  sessionId: string;
  model: string;
  provider: string;
  cwd: string;
  approval: AskForApproval;
  sandbox: SandboxMode;
  effort: ReasoningEffort | null;
  rolloutPath: string | null;
};

export type Cell =
  | { kind: "session"; info: SessionInfo }
  | { kind: "user"; text: string; images: string[] }
  | { kind: "agent"; id: string; text: string; done: boolean }
  | { kind: "reasoning"; id: string; text: string; done: boolean }
  | {
      kind: "exec";
      id: string;
      command: string;
      output: string;
      exitCode: number | null;
      status: CommandExecutionStatus;
      startedAt: number;
      durationMs: number | null;
      /**
       * Still running when its turn ended (a background terminal): written to the scrollback as it
       * stands, without a spinner; its completion is shown as a new cell when it comes.
       */
      outlivedTurn?: boolean;
    }
  | { kind: "patch"; id: string; changes: FileUpdateChange[]; diff: string | null; status: ItemStatus }
  | { kind: "mcp"; id: string; item: McpToolCallItem; startedAt: number; durationMs: number | null }
  | { kind: "web_search"; id: string; query: string }
  | { kind: "todo"; id: string; items: TodoItem[] }
  | { kind: "plan"; explanation: string | null; steps: PlanStep[] }
  | { kind: "notice"; tone: NoticeTone; text: string }
  /** What the user answered to an approval request ("You did not approve codex to run …"). */
  | { kind: "decision"; request: ApprovalRequest; decision: ReviewDecision }
  /** Pre-formatted output of a local command (/status, /diff, /mcp …): a title and raw lines. */
  | { kind: "text"; title: string; body: string[]; diff?: boolean }
  /** Labelled values (/status): wrapped values stay in their column. */
  | { kind: "fields"; title: string; fields: Array<[label: string, value: string]> };

export type ApprovalRequest =
  | {
      kind: "exec";
      callId: string;
      command: string[];
      cwd: string;
      reason: string | null;
      /** The prefix "don't ask again" would remember as an allow rule. */
      amendment?: string[];
    }
  | { kind: "patch"; callId: string; changes: FileUpdateChange[]; diff: string; reason: string | null }
  /** A host the network allow-list refused (codex-ts): allow it for the session or always? */
  | { kind: "network"; callId: string; host: string; port: number; profile: string; reason: null };

/** Whether a cell's id matches (only item cells have ids). */
export function cellId(cell: Cell): string | null {
  return "id" in cell ? cell.id : null;
}
