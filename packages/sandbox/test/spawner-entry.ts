/**
 * Stand-in for codex in tests of what happens when codex dies: spawns one sandboxed command the way
 * core does (the sandbox as its own child, stdout and stderr inherited) and waits for it.
 * Usage: spawner-entry.ts TIER HELPER_VARIANT CWD SCRIPT
 */
import type { LinuxBackend } from "../src/index.ts";
import { type HelperVariant, prepare, spawnPrepared, workspaceWrite } from "./sandbox-runner.ts";

const [tier, variant, cwd, script] = process.argv.slice(2) as [LinuxBackend, HelperVariant, string, string];
const prepared = await prepare({
  tier,
  helper: variant,
  policy: workspaceWrite({ network: false }),
  argv: ["sh", "-c", script],
  cwd,
});
const child = spawnPrepared(prepared, { cwd, inheritOutput: true });
await child.exited;
