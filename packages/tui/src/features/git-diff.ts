/** `/diff`: the working tree against HEAD, including untracked (not ignored) files. */
import { spawn } from "node:child_process";

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", () => resolve({ code: 127, out: "" }));
    child.on("close", (code) => resolve({ code: code ?? 1, out: Buffer.concat(chunks).toString("utf8") }));
  });
}

export async function gitDiffWithUntracked(
  cwd: string,
): Promise<{ kind: "not-git" } | { kind: "diff"; diff: string }> {
  const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], cwd);
  if (inside.code !== 0) return { kind: "not-git" };
  const tracked = await run("git", ["diff", "--no-color", "--no-ext-diff"], cwd);
  const untracked = await run("git", ["ls-files", "--others", "--exclude-standard", "-z"], cwd);
  let diff = tracked.out;
  for (const file of untracked.out.split("\0").filter(Boolean).slice(0, 200)) {
    // `git diff --no-index` exits 1 when files differ, which is the point here.
    const d = await run("git", ["diff", "--no-color", "--no-index", "--", "/dev/null", file], cwd);
    diff += d.out;
  }
  return { kind: "diff", diff };
}
