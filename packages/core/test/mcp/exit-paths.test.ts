import { expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { waitUntil } from "@codex/test-support";
import { pidAlive } from "./helpers.ts";

const SCRIPT = join(import.meta.dir, "fixtures", "exit-paths.ts");

async function run(how: string, signal?: NodeJS.Signals): Promise<{ pids: number[]; code: number | null }> {
  const child = spawn(process.execPath, [SCRIPT, how], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const pids = await new Promise<number[]>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(JSON.parse(line));
    });
    child.once("exit", () => reject(new Error(`exited before printing pids: ${out}`)));
  });
  if (signal) child.kill(signal);
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (c) => resolve(c));
  });
  return { pids, code };
}

for (const [how, signal] of [
  ["exit", undefined],
  ["throw", undefined],
  ["end", undefined],
  ["signal", "SIGTERM"],
  ["signal", "SIGINT"],
] as const) {
  test(`stdio servers are stopped when the process ends (${signal ?? how})`, async () => {
    const { pids } = await run(how, signal);
    expect(pids).toHaveLength(2);
    // Children are killed as the parent dies; wait for the kernel to finish reaping them.
    await waitUntil(() => pids.every((p) => !pidAlive(p)), { what: "both servers to be gone" });
  }, 20_000);
}
