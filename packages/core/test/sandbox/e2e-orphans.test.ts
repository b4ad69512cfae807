/**
 * Nothing a model's command starts outlives codex while it runs, through `dist/codex exec`, with the
 * processes the host sees (/proc): each command starts a daemon that leaves its session (`setsid
 * nohup`) and a plain background child, then codex is killed with SIGKILL, which leaves no chance
 * to clean up. On the sandboxed tiers nothing outlives the command either: not its end, nor the
 * SIGKILL of one of its two supervisors (on bwrap the two are bwrap and its init in the PID
 * namespace; the pids the command records are mapped to the host's through NSpid). Unsandboxed
 * commands keep what they leave running when they end (e2e-unsandboxed-lifetime.test.ts). Covered:
 * the one-shot `shell` tool and `exec_command` on pipes and on a terminal, unsandboxed
 * (danger-full-access, where this host has the native supervisor) and on each Linux tier it has.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { superviseUnsandboxed } from "@codex/sandbox";
import { functionCall, runCodex, spawnCodex } from "@codex/test-support";
import { escapeSetup, LINUX_TIERS, type LinuxTier, scriptModel } from "./escape-env.ts";
import { processesIn, sweepAfterEach } from "./host-processes.ts";

// Real processes on a loaded machine.
setDefaultTimeout(120_000);

// A failing run must not leave sleeps behind on the machine (registered before the setup's
// cleanup, which removes the directories the sweep looks for).
const sweepLater = sweepAfterEach();
const setup = escapeSetup();

/** Starts the daemon and the child in src/, records every pid, then waits on the child. */
const SCRIPT = [
  "cd src",
  "setsid nohup sh -c 'echo $$ > daemon.pid; exec sleep 300' >/dev/null 2>&1 </dev/null &",
  "sleep 300 & echo $! > child.pid",
  "echo $$ > shell.pid",
  "until [ -s daemon.pid ]; do sleep 0.05; done",
  "touch ready",
  "wait",
].join("\n");

type Tool = { name: string; call: () => ReturnType<typeof functionCall> };
const TOOLS: Tool[] = [
  { name: "shell", call: () => functionCall("shell", { command: ["bash", "-c", SCRIPT] }, "call_run") },
  ...[false, true].map((tty) => ({
    name: `exec_command (tty: ${tty})`,
    call: () =>
      functionCall("exec_command", { cmd: SCRIPT, tty, login: false, yield_time_ms: 200 }, "call_run"),
  })),
];

const supervised =
  superviseUnsandboxed({ argv: ["true"], env: { PATH: "/usr/bin:/bin" }, cwd: "/" }) !== null;
type Mode = { name: string; args: string[]; tier: LinuxTier; sandboxed: boolean };
const MODES: Mode[] = [
  // The tier only fills [sandbox] linux_backend, which danger-full-access does not use.
  ...(supervised
    ? [
        {
          name: "unsandboxed (danger-full-access)",
          args: ["-s", "danger-full-access"],
          tier: "landlock" as const,
          sandboxed: false,
        },
      ]
    : []),
  ...LINUX_TIERS.map((tier) => ({
    name: `${tier} tier`,
    args: ["-s", "workspace-write"],
    tier,
    sandboxed: true,
  })),
];

/** The host pid of a process the command knows as `pid` (bwrap's PID namespace renumbers them). */
function hostPid(pid: number, candidates: number[]): number {
  for (const candidate of candidates) {
    let status: string;
    try {
      status = readFileSync(`/proc/${candidate}/status`, "utf8");
    } catch {
      continue; // A short-lived process of the script (touch, sleep 0.05) gone meanwhile.
    }
    const nspids = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
    if (nspids[nspids.length - 1] === pid) return candidate;
  }
  throw new Error(`no process known as ${pid} among ${candidates.join(", ")}`);
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

async function eventually(condition: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(50);
  }
  return condition();
}

for (const mode of MODES)
  for (const tool of TOOLS)
    describe(`${mode.name}, ${tool.name}`, () => {
      async function start() {
        const env = await setup(mode.tier);
        const src = join(env.ws, "src");
        sweepLater(src);
        scriptModel(env, [tool.call()]);
        const codex = spawnCodex(["exec", "--json", "--skip-git-repo-check", ...mode.args, "go"], {
          codexHome: env.codexHome,
          cwd: env.ws,
        });
        codex.closeStdin();
        expect(await eventually(() => existsSync(join(src, "ready")), 60_000)).toBe(true);
        const running = processesIn(src);
        const pids = ["shell", "child", "daemon"].map((name) =>
          hostPid(Number(readFileSync(join(src, `${name}.pid`), "utf8")), running),
        );
        return { env, src, codex, shell: pids[0]! };
      }

      test("SIGKILL of codex ends the command, its child and its daemon", async () => {
        const { src, codex } = await start();
        codex.kill("SIGKILL");
        await codex.wait();
        expect(await eventually(() => processesIn(src).length === 0)).toBe(true);
      });

      if (mode.sandboxed && tool.name === "shell")
        test("when the command exits, its child and its daemon end with it", async () => {
          const env = await setup(mode.tier);
          const src = join(env.ws, "src");
          sweepLater(src);
          const script = SCRIPT.replace(/\nwait$/, "");
          scriptModel(env, [functionCall("shell", { command: ["bash", "-c", script] }, "call_run")]);
          const result = await runCodex(["exec", "--json", "--skip-git-repo-check", ...mode.args, "go"], {
            codexHome: env.codexHome,
            cwd: env.ws,
          });
          expect(result.code).toBe(0);
          expect(existsSync(join(src, "ready"))).toBe(true);
          // bwrap's namespace ends a moment after bwrap reports the exit; the others before.
          expect(await eventually(() => processesIn(src).length === 0)).toBe(true);
        });

      // Two supervisors per sandboxed command: each ends the command when the other dies.
      if (mode.sandboxed)
        for (const which of ["inner", "outer"] as const)
          test(`SIGKILL of the command's ${which} supervisor ends the command, its child and its daemon`, async () => {
            const { src, codex, shell } = await start();
            const inner = parentOf(shell);
            const supervisor = which === "inner" ? inner : parentOf(inner);
            expect([inner, supervisor]).not.toContain(codex.process.pid);
            process.kill(supervisor, "SIGKILL");
            expect(await eventually(() => processesIn(src).length === 0)).toBe(true);
            codex.kill("SIGKILL");
            await codex.wait();
          });
    });
