/**
 * `codex exec undo [SESSION_ID|--last]`: rewinds the last turn of a saved session. The files the
 * turn changed are put back (created ones removed, deleted ones back) and the turn leaves the
 * conversation; nothing reaches the model. Refused as a whole, with the reason, when a file was
 * changed since or cannot be restored. Exit 0 when undone, 1 otherwise.
 */
import type { EventMsg, RestoredFile } from "@codex/protocol";
import type { ExecOptions } from "./options.ts";
import { processStreams } from "./std-streams.ts";

export type UndoOptions = Pick<ExecOptions, "config" | "io"> & {
  target: { sessionId: string } | { last: true; allDirectories?: boolean };
};

function describe(file: RestoredFile): string {
  const verb = {
    restored: "restored",
    removed: "removed (the turn created it)",
    recreated: "recreated (the turn deleted it)",
  };
  return `  ${verb[file.action]}: ${file.path}`;
}

export async function runUndo(options: UndoOptions): Promise<number> {
  const io = options.io ?? processStreams();
  try {
    const core = await import("@codex/core");
    const loadOptions = options.config ?? {};
    const { config } = core.loadConfig({
      ...loadOptions,
      onWarning: loadOptions.onWarning ?? ((message) => io.stderr.write(`${message}\n`)),
    });
    const target = options.target;
    const session = core.createSession(config, {
      originator: "codex_exec",
      env: io.env,
      tools: [],
      persist: { source: "exec" },
      resume:
        "last" in target ? { last: true, filter: target.allDirectories ? {} : { cwd: config.cwd } } : target,
      onWarning: (message) => io.stderr.write(`${message}\n`),
    });
    await session.submit({ type: "thread_rollback", num_turns: 1, restore_files: true });
    let answer: EventMsg | null = null;
    for await (const { msg } of session.events) {
      if (msg.type === "thread_rolled_back" || msg.type === "error") {
        answer = msg;
        void session.close();
      }
    }
    if (answer?.type !== "thread_rolled_back") {
      const reason = answer?.type === "error" ? answer.message : "the session ended before the undo";
      io.stderr.write(`Error: cannot undo the last turn of session ${session.id}: ${reason}\n`);
      return 1;
    }
    const files = answer.restored_files ?? [];
    io.stdout.write(
      [
        `Undid the last turn of session ${session.id}.`,
        files.length === 0 ? "  It had changed no files." : `  Files put back as they were before it:`,
        ...files.map(describe),
        "",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    io.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
