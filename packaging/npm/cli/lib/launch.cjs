"use strict";
/**
 * Runs the native codex binary in place of this Node process. Used only until the binary has been
 * linked over bin/codex (by the postinstall script, or by the first run here), and on Windows.
 */
const { spawn } = require("node:child_process");
const { constants } = require("node:os");
const { findNativeBinary, linkOverLauncher } = require("./native-binary.cjs");

const found = findNativeBinary();
if (!("binary" in found)) {
  process.stderr.write(`codex: ${found.problem}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
linkOverLauncher(found.binary);

if (process.platform !== "win32" && typeof process.execve === "function") {
  // Node >= 22.15 replaces itself. Node ignores SIGPIPE and SIGXFSZ and ignored signals stay
  // ignored across execve; listening restores their default in the new program.
  process.on("SIGPIPE", () => {});
  process.on("SIGXFSZ", () => {});
  process.execve(found.binary, [found.binary, ...args]);
}
runAsChild(found.binary, args);

/** Older Node and Windows: run the binary as a child and mirror how it ends. */
function runAsChild(binary, childArgs) {
  const child = spawn(binary, childArgs, { stdio: "inherit" });
  child.on("error", (error) => {
    process.stderr.write(`codex: could not start ${binary}: ${error.message}\n`);
    process.exit(1);
  });
  // Ctrl-C and Ctrl-\ in a terminal reach the child directly (same process group): forwarding
  // them would deliver them twice. Signals sent to this process alone are passed on.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
