/**
 * The binary's entry. It dispatches the modes that must start fast (and import almost nothing)
 * before loading the command-line parser: `--version`, the Linux sandbox helper and proxy bridge,
 * and apply_patch.
 */
import { VERSION_LINE } from "./version-line.ts";

const args = process.argv.slice(2);
/**
 * The name this binary was started under, without its directory or `.exe`. No regular expression:
 * compiling the first one costs `--version` about a millisecond.
 */
function invokedName(argv0: string): string {
  const base = argv0.slice(Math.max(argv0.lastIndexOf("/"), argv0.lastIndexOf("\\")) + 1);
  return base.toLowerCase().endsWith(".exe") ? base.slice(0, -4) : base;
}
const invokedAs = invokedName(process.argv0);

if (args[0] === "--codex-linux-sandbox") {
  const { runLinuxSandboxHelper } = await import("@codex/sandbox/helper");
  await runLinuxSandboxHelper(args.slice(1));
} else if (args[0] === "--codex-proxy-bridge") {
  const { runProxyBridge } = await import("@codex/sandbox/proxy-bridge");
  await runProxyBridge(args.slice(1));
} else if (invokedAs === "apply_patch" || invokedAs === "applypatch") {
  const { runApplyPatchCli } = await import("@codex/apply-patch/cli");
  process.exitCode = await runApplyPatchCli(args);
} else if (args[0] === "--codex-run-as-apply-patch") {
  const { runApplyPatchCli } = await import("@codex/apply-patch/cli");
  process.exitCode = await runApplyPatchCli(args.slice(1), { entry: "codex-run-as-apply-patch" });
} else if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  console.log(VERSION_LINE);
} else {
  const { main } = await import("./run.ts");
  process.exitCode = await main(args);
}
