/**
 * The per-command supervisor as native code (src/stub/landlock-stub-x86_64.S), so that a command
 * does not start a Bun runtime: codex runs it from a sealed, executable memfd, giving it its
 * parameters on fd 3 and, on the Landlock tier, the command's ruleset on fd 4. It supervises the
 * Landlock tier's commands and unsandboxed ones (unsandboxed.ts).
 * Only x86-64 has a stub; elsewhere (and where memfds may not be executed) the Bun supervisor runs
 * the Landlock tier, and unsandboxed commands run without a supervisor.
 * `bun scripts/landlock-stub.ts --write` regenerates the bytes from the source.
 */
import { cString, errno, errnoMessage, libc, ptr } from "./libc.ts";

const STUB_X86_64 =
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAANANAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAADg0AAAAAAAAODQAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7HARAQBIg+TwSYnnTIn/SIHHAAABADHAuS4CAADzSKtIjTXjCAAASYP8Aw+CJQcAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTXsCAAASIXAD4jwBgAASIP7DA+C5gYAAEGLRwhBg38EAXUKhcAPhdMGAADrMEGDfwQCdAtBg38EAA+FvwYAAIXAD4S3BgAAqQcAAAAPhawGAABBg38EAnUESIPABEiDwAxIOdgPhZQGAAC4AwAAAL8DAAAADwVBg38EAnV3uE8AAABJjb9wAQEAvgAQAAAPBUiNNXQKAABIhcAPiF4GAABBi0cIQYt0Bwy4NAEAAL8FAAAADwVIjTWuCgAASIXAD4U5BgAAuAMAAAC/BQAAAA8F6DkGAAC4UAAAAEmNv3ABAQAPBUiNNSAKAABIhcAPhQoGAAC/AQAAAL4PAAAA6FQHAAC4bgAAAA8FSI01IAgAAEE7Bw+F5AUAAL8kAAAAvgEAAADoLgcAAEGDfwQBdWJJx4cAAAEAAGABAEHHhyABAQABAAAASceHKAEBAAEAAAC/AQAAAOgjBwAAvwIAAADoGQcAAL8DAAAA6A8HAAC/FAAAAOgFBwAAvxUAAADo+wYAAL8WAAAA6PEGAADplQAAALhwAAAADwW/JgAAAL4BAAAA6K8GAABIjTW5BwAASIXAD4VGBQAAMdu/GAAAAIne6JEGAAD/w4P7QHLtvy8AAAC+BAAAAOh7BgAAQceHUAABACIFCCC4fgAAAEmNv1AAAQBJjbdYAAEADwVIjTWwBwAASIXAD4XyBAAA6NYFAABJx4cAAAEAA0ABAEHHhyABAQACAAAAuA4AAAC/AAAAAEmNtwAAAQAx0kG6CAAAAA8FuCcAAAAPBUiJxbg5AAAADwVIjTXnBwAASIXAD4ibBAAAdBhIicNBg38EAXRjuAMAAAC/BAAAAA8F61VB/48gAQEAD4TPAgAAvwEAAAC+DwAAAOi+BQAAQYN/BAJ1AjHtuG4AAAAPBUiNNYEGAABIOegPhUUEAAC/JAAAAL4BAAAA6I8FAADoGgUAAOlw////uIAAAABJjb8AAAEAMfYx0kG6CAAAAA8FSIXAeOOD+BEPhIkAAABBg38EAQ+FAQEAAIP4DnUMQYO/aAEBAAB1Zeu+QYO/aAEBAAB1tLhuAAAADwVBOwd0qEHHh2gBAQABAAAAuHkAAAAx/w8FSDnodQ64PgAAADH/vg8AAAAPBUnHh2ABAQCQ0AMAuCYAAAAx/0mNt0gBAQAx0g8FSIXAD4Rb////uA8AAADpgwAAALg9AAAASMfH/////0mNt4AAAQC6AQAAQEUx0g8FSIXAD44r////SDnYddVFi6eAAAEAQYN/BAJ1CkGDvyABAQACdENBg38EAXUQQYO/aAEBAAAPhA4BAADrLLg9AAAASMfH/////zH2ugEAAEBFMdIPBUiD+PYPhOoAAABIhcB/2esDQYnEQYN/BAF0Nrg+AAAASMfH/////74JAAAADwW4PQAAAEjHx/////8x9roAAABARTHSDwVIg/j2deLpowAAALgCAAAASI09OwgAADH2MdIPBUiFwA+IiAAAAEiJw7gAAAAASInfSY13DLr0/wAADwVJicG4AwAAAEiJ3w8FTYXJfj5NjUcMTQHBMdJNOchzMEEPtgBJ/8CD6DCD+Al3CUhr0gpIAcLr40iF0nTeuD4AAABIide+CQAAAA8FMdLry7g9AAAASMfH/////zH2ugAAAEBFMdIPBUiD+PYPhV3///9EieCD4H90WYnDid/obwMAAL8EAAAAMfboUwMAALg+AAAASInvid4PBY1L/7gBAAAASNPgSYmHAAABALgOAAAAvwEAAABJjbcAAAEAMdJBuggAAAAPBY27gAAAAOnAAQAARInnwe8Igef/AAAA6a8BAAC4DgAAAL8CAAAASY23CAABADHSQboIAAAADwW7AQAAAInf6OcCAAD/w4P7QHbyvwEAAAC+CQAAAOjBAgAAuG4AAAAPBUiNNY0DAABIOegPhVEBAABBg38EAQ+EzAAAADHbuAUAAACJ30mNt4gAAQAPBUiFwHVAQYuHoAABACUA8AAAPQAgAAB1LUnHhzAAAQAGwAAAQYmfOAABALi9AQAAvwQAAAC+AQAAAEmNlzAAAQBFMdIPBf/Dg/sDcqS4vgEAAL8EAAAAMfYPBUiNNUsEAABIhcAPhcoAAAC4AwAAAL8EAAAADwVBi0cIwegDZkGJh3AAAQBJjUcMSYmHeAABAL8WAAAAvgIAAABJjZdwAAEAuJ0AAABFMdJFMcAPBUiNNT4EAABIhcB1erg7AAAASYt9CEmNdRBMifIPBUiJw0iD+Ph1LEmLRQhJiUUQSI09ggUAAEmJfQi4OwAAAEmNdQhMifIPBUiJw0mLRRBJiUUISI01QQUAAOi+AQAASYt1COi1AQAASI01RwUAAOipAQAAv34AAABIg/v+dRG/fwAAAOsK6JIBAAC/AQAAALjnAAAADwW4EAEAAL8AAAIIDwVIhcAPhbcAAAAx/0iNNQsFAAAx0kG6AEAEAEUxwOiRAAAASI09DQUAAEiNNfQEAABIjRX/BAAAQboGAAAATI0F/wQAAOhqAAAASI097AQAAEiNNdYEAABIjRXeBAAAQboKAAAATI0F4gQAAOhDAAAAuIkAAABIjT2jBAAASY23iAABAA8FSIXAdTZNi5fYAAEAQYHiDgwAAEGByiEQAAAx/0iNNXcEAAAx0kUxwOgBAAAAw7ilAAAADwVIhcB1AcNIjTXXAwAA6Rf///9Jx4cwAAEAAAAAAEnHhzgAAQAAAAAASceHQAABAAIAAAC4vAEAAEmNvzAAAQC+GAAAADHSDwVIjTXVAQAASIXAD4jR/v//SInDuL4BAABIid8x9g8FSI01tgEAAEiFwA+Fsv7//7gDAAAASInfDwXDuJ0AAAAx0kUx0kUxwA8Fw7gNAAAASY23EAABADHSQboIAAAADwXDuA0AAABJjbcoAQEAMdJBuggAAAAPBcNIifKAOgB0BUj/wuv2SCnyuAEAAAC/AgAAAA8Fw2NvZGV4IHNhbmRib3g6IHRoZSBMYW5kbG9jayBzdHViIG5lZWRzIFBST0dSQU0gQVJHVjAgW0FSRy4uLl0KAGNvZGV4IHNhbmRib3g6IGJhZCBwYXJhbWV0ZXJzIG9uIGZkIDM7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjb2RleCBpcyBnb25lOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogcHJjdGwoUFJfU0VUX05PX05FV19QUklWUykgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZHJvcHBpbmcgY2FwYWJpbGl0aWVzIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IExhbmRsb2NrIHNpZ25hbCBzY29waW5nIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGZvcmsgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogbGFuZGxvY2tfcmVzdHJpY3Rfc2VsZiBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBpbnN0YWxsaW5nIHRoZSBzZWNjb21wIGZpbHRlciBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiB0aGUgd29ya2luZyBkaXJlY3RvcnkgaXMgbm90IHRoZXJlIGluc2lkZSB0aGUgc2FuZGJveDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGVudGVyaW5nIHRoZSBzZXNzaW9uJ3Mgc2FuZGJveCBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBzZXR0aW5nIHVwIHRoZSBjb21tYW5kJ3Mgb3duIC9kZXYgYW5kIElQQyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjYW5ub3QgcnVuIAAKAC9iaW4vc2gALwAvZGV2AC9kZXYvc2htAC9kZXYvcHRzAHRtcGZzAGRldnB0cwBtb2RlPTE3NzcAbmV3aW5zdGFuY2UscHRteG1vZGU9MDY2Nixtb2RlPTYyMAAvcHJvYy90aHJlYWQtc2VsZi9jaGlsZHJlbgAALnNoc3RydGFiAC50ZXh0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACwAAAAEAAAAGAAAAAAAAALAAQAAAAAAAsAAAAAAAAAAODQAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAADAAAAAAAAAAAAAAAAAAAAAAAAAL4NAAAAAAAAEQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAA=";

const MFD_CLOEXEC = 0x1;
const MFD_ALLOW_SEALING = 0x2;
/** Linux 6.3+: executable even under `vm.memfd_noexec = 1`; older kernels reject the flag. */
const MFD_EXEC = 0x10;
const F_ADD_SEALS = 1033;
// F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
const ALL_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

/** The stub's executable image for this machine, or null when there is none. */
export function landlockStubImage(arch: string = process.arch): Uint8Array | null {
  if (arch !== "x64") return null;
  return new Uint8Array(Buffer.from(STUB_X86_64, "base64"));
}

let cached: { path: string | null; problem: string | null } | undefined;

function sealedMemfd(image: Uint8Array): number {
  const name = cString("codex-landlock-stub");
  let fd = libc().memfd_create(ptr(name), MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (fd < 0) fd = libc().memfd_create(ptr(name), MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) throw new Error(`memfd_create: ${errnoMessage(errno())}`);
  const written = Number(libc().write(fd, ptr(image), BigInt(image.length)));
  if (written !== image.length || libc().fcntl(fd, F_ADD_SEALS, ALL_SEALS) !== 0) {
    const problem = errnoMessage(errno());
    libc().close(fd);
    throw new Error(`writing the stub: ${problem}`);
  }
  return fd;
}

/**
 * The path that runs the stub (`/proc/PID/fd/N` of a sealed memfd this process keeps open), or null
 * with the reason when this machine has no stub or cannot execute it. Checked once per process: a
 * trial run must end with the stub's own usage error.
 */
export function landlockStub(): { path: string | null; problem: string | null } {
  if (cached) return cached;
  const image = landlockStubImage();
  if (image === null) {
    cached = { path: null, problem: `no native Landlock supervisor for ${process.arch}` };
    return cached;
  }
  try {
    const fd = sealedMemfd(image);
    const path = `/proc/${process.pid}/fd/${fd}`;
    const trial = Bun.spawnSync([path], { stdio: ["ignore", "ignore", "pipe"] });
    if (trial.exitCode !== 1 || !trial.stderr.toString().includes("needs PROGRAM")) {
      libc().close(fd);
      throw new Error(`a trial run failed (${trial.stderr.toString().trim() || `exit ${trial.exitCode}`})`);
    }
    cached = { path, problem: null };
  } catch (error) {
    cached = {
      path: null,
      problem: `cannot run the native Landlock supervisor: ${(error as Error).message}`,
    };
  }
  return cached;
}

/** What the stub is to do; see the modes in its source. */
export type StubMode =
  | { mode: "landlock"; filter: Uint8Array }
  | { mode: "unsandboxed" }
  /** Enter the session bwrap sandbox (pidfd on fd 5) with these setns(2) flags, then as "landlock". */
  | { mode: "bwrap-session"; filter: Uint8Array; namespaces: number };

const MODE_NUMBER = { landlock: 0, unsandboxed: 1, "bwrap-session": 2 } as const;

/**
 * What the stub reads on fd 3: the pid of the process that spawns it (it refuses to run when that
 * process is no longer its parent), the mode, the filter's length, the filter, and in mode 2 the
 * namespace flags.
 */
export function stubParameters(options: { parentPid: number } & StubMode): Uint8Array {
  const filter = options.mode === "unsandboxed" ? new Uint8Array(0) : options.filter;
  const trailer = options.mode === "bwrap-session" ? 4 : 0;
  const out = new Uint8Array(12 + filter.length + trailer);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.parentPid, true);
  view.setUint32(4, MODE_NUMBER[options.mode], true);
  view.setUint32(8, filter.length, true);
  out.set(filter, 12);
  if (options.mode === "bwrap-session") view.setUint32(12 + filter.length, options.namespaces, true);
  return out;
}
