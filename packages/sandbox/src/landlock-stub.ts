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
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAADgKAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAAdAkAAAAAAAB0CQAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7EgBAQBIg+TwSYnnTIn/SIHHAAABADHAuSkAAADzSKtIjTWkBgAASYP8Aw+CxgUAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTWtBgAASIXAD4iRBQAASIP7DA+ChwUAAEGLRwhBg38EAXUKhcAPhXQFAADrHkGDfwQAD4VnBQAAhcAPhF8FAACpBwAAAA+FVAUAAEiDwAxIOdgPhUcFAAC4AwAAAL8DAAAADwW/AQAAAL4PAAAA6KUFAAC4bgAAAA8FSI01cQYAAEE7Bw+FFQUAAL8kAAAAvgEAAADofwUAAEGDfwQBdWJJx4cAAAEAAEABAEHHhyABAQABAAAASceHKAEBAAEAAAC/AQAAAOh0BQAAvwIAAADoagUAAL8DAAAA6GAFAAC/FAAAAOhWBQAAvxUAAADoTAUAAL8WAAAA6EIFAADplQAAALhwAAAADwW/JgAAAL4BAAAA6AAFAABIjTUKBgAASIXAD4V3BAAAMdu/GAAAAIne6OIEAAD/w4P7QHLtvy8AAAC+BAAAAOjMBAAAQceHUAABACIFCCC4fgAAAEmNv1AAAQBJjbdYAAEADwVIjTUBBgAASIXAD4UjBAAA6C8EAABJx4cAAAEAA0ABAEHHhyABAQACAAAAuA4AAAC/AAAAAEmNtwAAAQAx0kG6CAAAAA8FuCcAAAAPBUiJxbg5AAAADwVIjTU4BgAASIXAD4jMAwAAdBhIicNBg38EAXRauAMAAAC/BAAAAA8F60xB/48gAQEAD4QAAgAAvwEAAAC+DwAAAOgPBAAAuG4AAAAPBUiNNdsEAABIOegPhX8DAAC/JAAAAL4BAAAA6OkDAADofAMAAOl5////uIAAAABJjb8AAAEAMfYx0kG6CAAAAA8FSIXAeOOD+BF0G0GDfwQBdU9BicS4bgAAAA8FQTsHdMhEieDrO7g9AAAASMfH/////0mNt4AAAQC6AQAAQEUx0g8FSIXAfqFIOdh12UWLp4AAAQBBg38EAQ+E5QAAAOsDQYnEQYN/BAF0Nrg+AAAASMfH/////74JAAAADwW4PQAAAEjHx/////8x9roAAABARTHSDwVIg/j2deLpowAAALgCAAAASI099AUAADH2MdIPBUiFwA+IiAAAAEiJw7gAAAAASInfSY13DLr0/wAADwVJicG4AwAAAEiJ3w8FTYXJfj5NjUcMTQHBMdJNOchzMEEPtgBJ/8CD6DCD+Al3CUhr0gpIAcLr40iF0nTeuD4AAABIide+CQAAAA8FMdLry7g9AAAASMfH/////zH2ugAAAEBFMdIPBUiD+PYPhV3///9EieCD4H90TYnDid/ogwIAALg+AAAASInvid4PBY1L/7gBAAAASNPgSYmHAAABALgOAAAAvwEAAABJjbcAAAEAMdJBuggAAAAPBY27gAAAAOnAAQAARInnwe8Igef/AAAA6a8BAAC4DgAAAL8CAAAASY23CAABADHSQboIAAAADwW7AQAAAInf6AcCAAD/w4P7QHbyvwEAAAC+CQAAAOjhAQAAuG4AAAAPBUiNNa0CAABIOegPhVEBAABBg38EAQ+EzAAAADHbuAUAAACJ30mNt4gAAQAPBUiFwHVAQYuHoAABACUA8AAAPQAgAAB1LUnHhzAAAQAGwAAAQYmfOAABALi9AQAAvwQAAAC+AQAAAEmNlzAAAQBFMdIPBf/Dg/sDcqS4vgEAAL8EAAAAMfYPBUiNNWsDAABIhcAPhcoAAAC4AwAAAL8EAAAADwVBi0cIwegDZkGJh3AAAQBJjUcMSYmHeAABAL8WAAAAvgIAAABJjZdwAAEAuJ0AAABFMdJFMcAPBUiNNV4DAABIhcB1erg7AAAASYt9CEmNdRBMifIPBUiJw0iD+Ph1LEmLRQhJiUUQSI09mgMAAEmJfQi4OwAAAEmNdQhMifIPBUiJw0mLRRBJiUUISI01WQMAAOjeAAAASYt1COjVAAAASI01XwMAAOjJAAAAv34AAABIg/v+dRG/fwAAAOsK6LIAAAC/AQAAALjnAAAADwVJx4cwAAEAAAAAAEnHhzgAAQAAAAAASceHQAABAAIAAAC4vAEAAEmNvzAAAQC+GAAAADHSDwVIjTXNAQAASIXAeK1IicO4vgEAAEiJ3zH2DwVIjTWyAQAASIXAdZK4AwAAAEiJ3w8Fw7idAAAAMdJFMdJFMcAPBcO4DQAAAEmNtxAAAQAx0kG6CAAAAA8Fw7gNAAAASY23KAEBADHSQboIAAAADwXDSInygDoAdAVI/8Lr9kgp8rgBAAAAvwIAAAAPBcNjb2RleCBzYW5kYm94OiB0aGUgTGFuZGxvY2sgc3R1YiBuZWVkcyBQUk9HUkFNIEFSR1YwIFtBUkcuLi5dCgBjb2RleCBzYW5kYm94OiBiYWQgcGFyYW1ldGVycyBvbiBmZCAzOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogY29kZXggaXMgZ29uZTsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IHByY3RsKFBSX1NFVF9OT19ORVdfUFJJVlMpIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGRyb3BwaW5nIGNhcGFiaWxpdGllcyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBMYW5kbG9jayBzaWduYWwgc2NvcGluZyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBmb3JrIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGxhbmRsb2NrX3Jlc3RyaWN0X3NlbGYgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogaW5zdGFsbGluZyB0aGUgc2VjY29tcCBmaWx0ZXIgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogY2Fubm90IHJ1biAACgAvYmluL3NoAC9wcm9jL3RocmVhZC1zZWxmL2NoaWxkcmVuAAAuc2hzdHJ0YWIALnRleHQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAsAAAABAAAABgAAAAAAAACwAEAAAAAAALAAAAAAAAAAdAkAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAwAAAAAAAAAAAAAAAAAAAAAAAAAkCgAAAAAAABEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAA";

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
 * process is no longer its parent), the mode (0: Landlock with this seccomp filter and the ruleset
 * on fd 4; 1: unsandboxed, supervision only), the filter's length, the filter.
 */
export function stubParameters(
  options: { parentPid: number } & ({ mode: "landlock"; filter: Uint8Array } | { mode: "unsandboxed" }),
): Uint8Array {
  const filter = options.mode === "landlock" ? options.filter : new Uint8Array(0);
  const out = new Uint8Array(12 + filter.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.parentPid, true);
  view.setUint32(4, options.mode === "landlock" ? 0 : 1, true);
  view.setUint32(8, filter.length, true);
  out.set(filter, 12);
  return out;
}
