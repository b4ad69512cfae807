/**
 * What a sandboxed command can reach besides the file system, and how long it lives, as a scripted
 * model probes it through `dist/codex exec`, on every Linux tier this host has: processes left
 * behind, codex killed mid-command, the user's other terminals, the host's System V IPC and
 * keyrings, local IPC with the network off, and the top of the repository.
 *
 * A process that is still alive holds the FIFO `src/fifo` open (read-write); opening it for reading
 * without blocking and reading end-of-file proves every such process is gone.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { closeSync, constants, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { customToolCall, spawnCodex } from "@codex/test-support";
import { toolOutputs } from "../tools/e2e-helpers.ts";
import {
  type EscapeEnv,
  escapeSetup,
  execTurn,
  HAS_PYTHON,
  LINUX_TIERS,
  PYTHON,
  SANDBOX_FIXTURES,
  scriptModel,
  shellCall,
} from "./escape-env.ts";

// Real sandboxes and processes: allow for a loaded machine.
setDefaultTimeout(120_000);

const setup = escapeSetup();
const HAS_NODE = Bun.which("node") !== null;
const HAS_IPCMK = Bun.which("ipcmk") !== null && Bun.which("ipcrm") !== null;

/** A command that starts a daemon holding src/fifo open, and returns once it holds it. */
const DAEMON =
  "mkfifo src/fifo && (setsid nohup sh -c 'exec 3<>src/fifo; echo x >&3; sleep 60' >/dev/null 2>&1 &) && head -c1 src/fifo";

/** True when no process holds `fifo` open for writing any more. */
function noWriterLeft(fifo: string): boolean {
  const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return readSync(fd, Buffer.alloc(16)) === 0;
  } catch {
    return false; // EAGAIN: a writer still holds it
  } finally {
    closeSync(fd);
  }
}

/** Waits (checking every 50 ms, up to `timeoutMs`) until `condition` holds; returns whether it did. */
async function eventually(condition: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(50);
  }
  return condition();
}

function outputOf(env: EscapeEnv, callId: string): string {
  return toolOutputs(env.server).get(callId) ?? "";
}

/** `name result` lines of a probe's output (after the "Output:" header). */
function probeLines(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of output.split("\n")) {
    const [name, result] = line.split(" ");
    if (name && (result === "ok" || result === "denied")) out[name] = result;
  }
  return out;
}

for (const tier of LINUX_TIERS) {
  describe(`${tier} tier, through dist/codex exec`, () => {
    test("a daemon started by a command (setsid nohup) does not outlive it", async () => {
      const env = await setup(tier);
      scriptModel(env, [shellCall(DAEMON, "call_daemon")]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(outputOf(env, "call_daemon")).toStartWith("Exit code: 0");
      const fifo = join(env.ws, "src", "fifo");
      // The Landlock supervisor reports the command done only once its leftovers are gone; on bwrap
      // the kernel ends the PID namespace as the command exits, a moment after bwrap reports it.
      if (tier === "landlock") expect(noWriterLeft(fifo)).toBe(true);
      else expect(await eventually(() => noWriterLeft(fifo))).toBe(true);
    });

    test("SIGKILL of codex ends the running command and its daemon", async () => {
      const env = await setup(tier);
      scriptModel(env, [shellCall(`${DAEMON}; touch src/ready; sleep 60; touch src/late`, "call_run")]);
      const codex = spawnCodex(["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "go"], {
        codexHome: env.codexHome,
        cwd: env.ws,
      });
      codex.closeStdin();
      expect(await eventually(() => existsSync(join(env.ws, "src", "ready")))).toBe(true);
      codex.kill("SIGKILL");
      await codex.wait();
      expect(await eventually(() => noWriterLeft(join(env.ws, "src", "fifo")))).toBe(true);
      expect(existsSync(join(env.ws, "src", "late"))).toBe(false);
    });

    test.skipIf(!HAS_PYTHON)("the user's other terminals are out of reach", async () => {
      const env = await setup(tier);
      const holder = Bun.spawn(
        [
          PYTHON,
          "-c",
          "import os,pty,sys; m,s=pty.openpty(); print(os.ttyname(s), flush=True); sys.stdin.read()",
        ],
        { stdin: "pipe", stdout: "pipe" },
      );
      const { value } = await holder.stdout.getReader().read();
      const terminal = new TextDecoder().decode(value).trim();
      scriptModel(env, [shellCall(`echo hijack > ${terminal}`, "call_tty")]);
      const result = await execTurn(env);
      holder.stdin.end();
      await holder.exited;
      expect(result.code).toBe(0);
      expect(outputOf(env, "call_tty")).toMatch(/^Exit code: [1-9][\s\S]*(Permission denied|No such file)/);
    });

    test.skipIf(!HAS_PYTHON || !HAS_IPCMK)(
      "the host's System V IPC and keyrings are out of reach",
      async () => {
        const env = await setup(tier);
        const made = Bun.spawnSync(["ipcmk", "-M", "4096"]).stdout.toString();
        const shmid = /(\d+)\s*$/.exec(made.trim())?.[1] ?? "";
        try {
          scriptModel(env, [shellCall(`${PYTHON} ${SANDBOX_FIXTURES}/ipc-probe.py ${shmid}`, "call_ipc")]);
          expect((await execTurn(env)).code).toBe(0);
          const lines = probeLines(outputOf(env, "call_ipc"));
          expect(lines["shmat-host"]).toBe("denied");
          // bwrap gives the command its own IPC namespace; Landlock denies it. Keyrings: a bwrap
          // of its own has its own (user namespace); a session's commands share one, so they are
          // denied there. Which one ran depends on whether the session was up in time (the
          // session's own behaviour is tested in packages/sandbox/test/bwrap-session.test.ts).
          const own = tier === "bwrap" ? "ok" : "denied";
          for (const name of ["shmget", "semget", "msgget"])
            expect(`${name} ${lines[name]}`).toBe(`${name} ${own}`);
          const keyrings = tier === "bwrap" ? ["keyctl ok", "keyctl denied"] : ["keyctl denied"];
          expect(keyrings).toContain(`keyctl ${lines.keyctl}`);
        } finally {
          Bun.spawnSync(["ipcrm", "-m", shmid]);
        }
      },
    );

    test.skipIf(!HAS_PYTHON || !HAS_NODE)(
      "network off: local IPC and Node's fork() work, no socket leads out",
      async () => {
        const env = await setup(tier);
        const listener = join(env.outside, "listener.sock");
        const server = Bun.listen({ unix: listener, socket: { data() {} } });
        try {
          const script = `${PYTHON} ${SANDBOX_FIXTURES}/local-ipc.py ${listener}; node ${SANDBOX_FIXTURES}/fork-ipc.cjs`;
          scriptModel(env, [shellCall(script, "call_ipc")]);
          expect((await execTurn(env)).code).toBe(0);
          expect(probeLines(outputOf(env, "call_ipc"))).toEqual({
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

    test("the top of the repository: patches add and remove files there, .git stays read-only", async () => {
      const env = await setup(tier);
      const add = "*** Begin Patch\n*** Add File: NOTES.md\n+notes\n*** End Patch\n";
      const remove = "*** Begin Patch\n*** Delete File: README.md\n*** End Patch\n";
      scriptModel(env, [
        [
          ...customToolCall("apply_patch", add, "call_add"),
          ...customToolCall("apply_patch", remove, "call_rm"),
        ],
        shellCall("echo more >> NOTES.md; echo '[core] x' >> .git/config", "call_edit"),
      ]);
      expect((await execTurn(env)).code).toBe(0);
      expect(readFileSync(join(env.ws, "NOTES.md"), "utf8")).toBe("notes\nmore\n");
      expect(existsSync(join(env.ws, "README.md"))).toBe(false);
      expect(readFileSync(join(env.ws, ".git", "config"), "utf8")).not.toContain("[core] x");
    });
  });
}
