/**
 * The Landlock tier's per-command supervisor as native code (src/stub/landlock-stub-x86_64.S), so
 * that a sandboxed command does not start a Bun runtime: codex runs it from a sealed, executable
 * memfd, giving it the seccomp filter on fd 3 and the command's Landlock ruleset on fd 4.
 * Only x86-64 has a stub; elsewhere (and where memfds may not be executed) the Bun supervisor runs.
 * `bun scripts/landlock-stub.ts --write` regenerates the bytes from the source.
 */
import { cString, errno, errnoMessage, libc, ptr } from "./libc.ts";

const STUB_X86_64 =
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAACAIAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAAWwcAAAAAAABbBwAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7CABAQBIg+TwSYnnTIn/SIHHAAABADHAuSQAAADzSKtIjTWmBAAASYP8Aw+CRwQAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTWvBAAASIXAD4gSBAAASIP7CA+CCAQAAEGLRwSFwA+E/AMAAKkHAAAAD4XxAwAASIPACEg52A+F5AMAALgDAAAAvwMAAAAPBb8BAAAAvg8AAADo2gMAALhuAAAADwVIjTWPBAAAQTsHD4WyAwAAuHAAAAAPBb8kAAAAvgEAAADorQMAAL8mAAAAvgEAAADongMAAEiNNZEEAABIhcAPhX0DAAAx278YAAAAid7ogAMAAP/Dg/tAcu2/LwAAAL4EAAAA6GoDAABBx4dQAAEAIgUIILh+AAAASY2/UAABAEmNt1gAAQAPBUiNNYgEAABIhcAPhSkDAABJx4dAAAEAAgAAALi8AQAASY2/MAABAL4YAAAAMdIPBUiNNZ4EAABIhcAPiPkCAABIicO4vgEAAEiJ3zH2DwVIjTV/BAAASIXAD4XaAgAAuAMAAABIid8PBUnHhwAAAQADQAEAuA4AAAC/AAAAAEmNtwAAAQAx0kG6CAAAAA8FuCcAAAAPBUiJxbg5AAAADwVIjTV2BAAASIXAD4iJAgAAD4TpAAAASInDuAMAAAC/BAAAAA8FuIAAAABJjb8AAAEAMfYx0kG6CAAAAA8FSIXAeOOD+BF1MLg9AAAASMfH/////0mNt4AAAQC6AQAAQEUx0g8FSIXAfrxIOdh12UWLp4AAAQDrA0GJxLg+AAAASMfH/////74JAAAADwW4PQAAAEjHx/////8x9roAAABARTHSDwVIg/j2deJEieCD4H90O4nDid/o/gEAALgOAAAAvwIAAABJjbcIAAEAMdJBuggAAAAPBbg+AAAASInvid4PBY27gAAAAOm1AQAARInnwe8Igef/AAAA6aQBAAC4DgAAAL8CAAAASY23CAABADHSQboIAAAADwW7AQAAAInf6JQBAAD/w4P7QHbyvwEAAAC+CQAAAOhuAQAAuG4AAAAPBUiNNSMCAABIOegPhUYBAAAx27gFAAAAid9JjbeIAAEADwVIhcB1QEGLh6AAAQAlAPAAAD0AIAAAdS1Jx4cwAAEABsAAAEGJnzgAAQC4vQEAAL8EAAAAvgEAAABJjZcwAAEARTHSDwX/w4P7A3KkuL4BAAC/BAAAADH2DwVIjTXsAgAASIXAD4XKAAAAuAMAAAC/BAAAAA8FQYtHBMHoA2ZBiYdwAAEASY1HCEmJh3gAAQC/FgAAAL4CAAAASY2XcAABALidAAAARTHSRTHADwVIjTXfAgAASIXAdXq4OwAAAEmLfQhJjXUQTInyDwVIicNIg/j4dSxJi0UISYlFEEiNPRsDAABJiX0IuDsAAABJjXUITInyDwVIicNJi0UQSYlFCEiNNdoCAADoXwAAAEmLdQjoVgAAAEiNNeACAADoSgAAAL9+AAAASIP7/nURv38AAADrCugzAAAAvwEAAAC45wAAAA8FuJ0AAAAx0kUx0kUxwA8Fw7gNAAAASY23EAABADHSQboIAAAADwXDSInygDoAdAVI/8Lr9kgp8rgBAAAAvwIAAAAPBcNjb2RleCBzYW5kYm94OiB0aGUgTGFuZGxvY2sgc3R1YiBuZWVkcyBQUk9HUkFNIEFSR1YwIFtBUkcuLi5dCgBjb2RleCBzYW5kYm94OiBiYWQgcGFyYW1ldGVycyBvbiBmZCAzOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogY29kZXggaXMgZ29uZTsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IHByY3RsKFBSX1NFVF9OT19ORVdfUFJJVlMpIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGRyb3BwaW5nIGNhcGFiaWxpdGllcyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBMYW5kbG9jayBzaWduYWwgc2NvcGluZyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBmb3JrIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGxhbmRsb2NrX3Jlc3RyaWN0X3NlbGYgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogaW5zdGFsbGluZyB0aGUgc2VjY29tcCBmaWx0ZXIgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogY2Fubm90IHJ1biAACgAvYmluL3NoAAAuc2hzdHJ0YWIALnRleHQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALAAAAAQAAAAYAAAAAAAAAsABAAAAAAACwAAAAAAAAAFsHAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAACwgAAAAAAAARAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA==";

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

/**
 * What the stub reads on fd 3: the pid of the process that spawns it (it refuses to run when that
 * process is no longer its parent), the seccomp filter's length, the filter.
 */
export function stubParameters(options: { parentPid: number; filter: Uint8Array }): Uint8Array {
  const out = new Uint8Array(8 + options.filter.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.parentPid, true);
  view.setUint32(4, options.filter.length, true);
  out.set(options.filter, 8);
  return out;
}
