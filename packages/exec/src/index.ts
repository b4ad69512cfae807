/** `codex exec`: the headless front end. The CLI parses argv into `ExecOptions` and calls `runExec`. */
export type { ColorMode, ExecIo, ExecOptions } from "./options.ts";
export { runExec } from "./run-exec.ts";
export type { UndoOptions } from "./undo.ts";
export { runUndo } from "./undo.ts";
