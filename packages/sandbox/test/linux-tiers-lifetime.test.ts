/**
 * What a command leaves running, what happens when codex dies, and what the command may reach
 * besides files (other terminals, the host's IPC, local sockets), for every Linux tier that works
 * on this host, through the real helper mode. The file-system boundary, the network and stdio are
 * in linux-tiers.test.ts.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { closeSync, existsSync } from "node:fs";
import { join } from "node:path";
import { probeSandbox, readablePipe } from "../src/index.ts";
import { allowingCores, coreOwners, PLAIN_CORE_FILES } from "./core-dumps.ts";
import {
  AVAILABLE_TIERS,
  FIXTURES,
  HAS_PYTHON,
  helperVariants,
  PYTHON,
  prepare,
  probeLines,
  type RunOptions,
  readToEnd,
  readUntilLine,
  runSandboxed,
  scratchWorkspaces,
  workspaceWrite,
} from "./sandbox-runner.ts";

// Real processes: allow for a loaded machine.
setDefaultTimeout(30_000);

const HAS_NODE = Bun.which("node") !== null;
const HAS_IPCMK = Bun.which("ipcmk") !== null && Bun.which("ipcrm") !== null;
const LANDLOCK_ABI = probeSandbox({ platform: process.platform }).facts?.landlockAbi ?? 0;
const VARIANTS = helperVariants();
const { fresh } = scratchWorkspaces();

// A leftover process keeps the command's stdout open, so reading stdout to its end waits for
// every one of them.
for (const tier of AVAILABLE_TIERS)
  for (const variant of VARIANTS) {
    const run = (options: RunOptions) => runSandboxed({ ...options, helper: variant });
    const policy = workspaceWrite({ network: false });
    describe(`${tier} tier, helper from ${variant}: process lifetime and reach`, () => {
      test("background processes (setsid nohup) do not outlive their command", async () => {
        const { ws } = fresh();
        const script = "(setsid nohup sh -c 'sleep 2; touch src/late' &); echo started";
        const result = await run({ tier, policy, argv: ["sh", "-c", script], cwd: ws });
        expect(result.stdout).toBe("started\n");
        expect(existsSync(join(ws, "src", "late"))).toBe(false);
      });

      test("SIGKILL of the process that started the sandbox ends the command and its daemons", async () => {
        const { ws } = fresh();
        const script = [
          "(setsid sh -c 'sleep 2; touch src/late-daemon' &)",
          "echo running",
          "sleep 2",
          "touch src/late",
        ].join("; ");
        const spawner = Bun.spawn(
          [process.execPath, join(import.meta.dir, "spawner-entry.ts"), tier, variant, ws, script],
          { cwd: ws, stdout: "pipe", stderr: "inherit" },
        );
        const reader = spawner.stdout.getReader();
        await readUntilLine(reader, "running");
        spawner.kill("SIGKILL");
        await readToEnd(reader);
        expect(existsSync(join(ws, "src", "late"))).toBe(false);
        expect(existsSync(join(ws, "src", "late-daemon"))).toBe(false);
      });

      test.skipIf(tier !== "landlock" || !PLAIN_CORE_FILES)(
        "a command's core dump is its own: its supervisors dump none as they die the same way",
        async () => {
          const { ws } = fresh();
          const argv = ["sh", "-c", "kill -SEGV $$"];
          // In src/: the top of a repository is not writable on this tier (new files there are refused).
          const cwd = join(ws, "src");
          const prepared = await prepare({ tier, policy, argv, cwd, sandboxCwd: ws, helper: variant });
          const fd3 = prepared.fd3Input ? readablePipe(prepared.fd3Input) : null;
          const child = Bun.spawn(allowingCores([prepared.program, ...prepared.args]), {
            cwd,
            env: prepared.env,
            stdio: ["ignore", "ignore", "ignore", fd3 ?? "ignore", ...(prepared.extraFds ?? [])],
          });
          if (fd3 !== null) closeSync(fd3);
          await child.exited;
          prepared.release?.();
          expect(child.signalCode).toBe("SIGSEGV");
          expect(coreOwners(cwd)).toEqual(["sh -c kill -SEGV $$"]);
        },
      );

      test("the working directory grants nothing: only the session's roots are writable", async () => {
        const { ws, outside } = fresh();
        const result = await run({
          tier,
          policy,
          argv: ["sh", "-c", `touch here.txt; touch ${ws}/src/there.txt`],
          cwd: outside,
          sandboxCwd: ws,
        });
        expect(result.stderr).toContain("here.txt");
        expect(existsSync(join(outside, "here.txt"))).toBe(false);
        expect(existsSync(join(ws, "src", "there.txt"))).toBe(true);
      });

      test.skipIf(!HAS_PYTHON)("the user's other terminals are out of reach", async () => {
        const { ws } = fresh();
        const holder = Bun.spawn(
          [
            PYTHON,
            "-c",
            "import os,pty,sys; m,s=pty.openpty(); print(os.ttyname(s), flush=True); sys.stdin.read()",
          ],
          { stdin: "pipe", stdout: "pipe" },
        );
        const reader = holder.stdout.getReader();
        const { value } = await reader.read();
        const terminal = new TextDecoder().decode(value).trim();
        expect(terminal).toMatch(/^\/dev\/pts\/\d+$/);
        const result = await run({ tier, policy, argv: ["sh", "-c", `echo hijack > ${terminal}`], cwd: ws });
        holder.stdin.end();
        await holder.exited;
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/Permission denied|No such file/);
      });

      test.skipIf(!HAS_PYTHON || !HAS_IPCMK)(
        "System V IPC, POSIX queues and keyrings are the sandbox's own or denied",
        async () => {
          const { ws } = fresh();
          const made = Bun.spawnSync(["ipcmk", "-M", "4096"]).stdout.toString();
          const shmid = /(\d+)\s*$/.exec(made.trim())?.[1];
          expect(shmid).toBeDefined();
          try {
            const result = await run({
              tier,
              policy,
              argv: [PYTHON, join(FIXTURES, "ipc-probe.py"), shmid!],
              cwd: ws,
            });
            const lines = probeLines(result.stdout);
            // The host's segment is unreachable: another IPC namespace (bwrap) or no System V IPC.
            expect(lines["shmat-host"]).toBe("denied");
            if (tier === "landlock") {
              for (const name of ["shmget", "semget", "msgget", "mq_open", "keyctl"])
                expect(`${name} ${lines[name]}`).toBe(`${name} denied`);
            } else {
              expect(lines.shmget).toBe("ok");
            }
          } finally {
            Bun.spawnSync(["ipcrm", "-m", shmid!]);
          }
        },
      );

      test.skipIf(!HAS_PYTHON || !HAS_NODE)(
        "network off: local IPC works (socketpair, descriptor passing, Node's fork channel); no socket leads out",
        async () => {
          const { ws, outside } = fresh();
          const listener = join(outside, "listener.sock");
          const server = Bun.listen({ unix: listener, socket: { data() {} } });
          try {
            const script = `${PYTHON} ${join(FIXTURES, "local-ipc.py")} ${listener}; node ${join(FIXTURES, "fork-ipc.cjs")}`;
            const result = await run({ tier, policy, argv: ["sh", "-c", script], cwd: ws });
            expect(probeLines(result.stdout)).toEqual({
              "socketpair-send": "ok",
              "sendmsg-fd": "ok",
              "fork-ipc": "ok",
              "unix-dgram": "denied",
              "connect-named": "denied",
              "connect-abstract": "denied",
            });
          } finally {
            server.stop(true);
          }
        },
      );

      test.skipIf(tier !== "landlock" || LANDLOCK_ABI < 6)(
        "the command cannot signal its supervisor",
        async () => {
          const { ws } = fresh();
          const result = await run({ tier, policy, argv: ["sh", "-c", "kill -9 $PPID"], cwd: ws });
          expect(result.stderr).toContain("Operation not permitted");
        },
      );
    });
  }
