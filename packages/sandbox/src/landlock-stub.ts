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
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAAMAKAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAA/QkAAAAAAAD9CQAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7HABAQBIg+TwSYnnTIn/SIHHAAABADHAuS4AAADzSKtIjTUtBwAASYP8Aw+CTwYAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTU2BwAASIXAD4gaBgAASIP7DA+CEAYAAEGLRwhBg38EAXUKhcAPhf0FAADrHkGDfwQAD4XwBQAAhcAPhOgFAACpBwAAAA+F3QUAAEiDwAxIOdgPhdAFAAC4AwAAAL8DAAAADwW/AQAAAL4PAAAA6C4GAAC4bgAAAA8FSI01+gYAAEE7Bw+FngUAAL8kAAAAvgEAAADoCAYAAEGDfwQBdWJJx4cAAAEAAGABAEHHhyABAQABAAAASceHKAEBAAEAAAC/AQAAAOj9BQAAvwIAAADo8wUAAL8DAAAA6OkFAAC/FAAAAOjfBQAAvxUAAADo1QUAAL8WAAAA6MsFAADplQAAALhwAAAADwW/JgAAAL4BAAAA6IkFAABIjTWTBgAASIXAD4UABQAAMdu/GAAAAIne6GsFAAD/w4P7QHLtvy8AAAC+BAAAAOhVBQAAQceHUAABACIFCCC4fgAAAEmNv1AAAQBJjbdYAAEADwVIjTWKBgAASIXAD4WsBAAA6LgEAABJx4cAAAEAA0ABAEHHhyABAQACAAAAuA4AAAC/AAAAAEmNtwAAAQAx0kG6CAAAAA8FuCcAAAAPBUiJxbg5AAAADwVIjTXBBgAASIXAD4hVBAAAdBhIicNBg38EAXRauAMAAAC/BAAAAA8F60xB/48gAQEAD4SJAgAAvwEAAAC+DwAAAOiYBAAAuG4AAAAPBUiNNWQFAABIOegPhQgEAAC/JAAAAL4BAAAA6HIEAADoBQQAAOl5////uIAAAABJjb8AAAEAMfYx0kG6CAAAAA8FSIXAeOOD+BEPhIYAAABBg38EAQ+FxAAAAIP4DnUMQYO/aAEBAAB1Zeu+QYO/aAEBAAB1tLhuAAAADwVBOwd0qEHHh2gBAQABAAAAuHkAAAAx/w8FSDnodQ64PgAAADH/vg8AAAAPBUnHh2ABAQCQ0AMAuCYAAAAx/0mNt0gBAQAx0g8FSIXAD4Rb////uA8AAADrSbg9AAAASMfH/////0mNt4AAAQC6AQAAQEUx0g8FSIXAD44u////SDnYddVFi6eAAAEAQYN/BAF1E0GDv2gBAQAAD4TlAAAA6wNBicRBg38EAXQ2uD4AAABIx8f/////vgkAAAAPBbg9AAAASMfH/////zH2ugAAAEBFMdIPBUiD+PZ14umjAAAAuAIAAABIjT0ABgAAMfYx0g8FSIXAD4iIAAAASInDuAAAAABIid9JjXcMuvT/AAAPBUmJwbgDAAAASInfDwVNhcl+Pk2NRwxNAcEx0k05yHMwQQ+2AEn/wIPoMIP4CXcJSGvSCkgBwuvjSIXSdN64PgAAAEiJ174JAAAADwUx0uvLuD0AAABIx8f/////Mfa6AAAAQEUx0g8FSIP49g+FXf///0SJ4IPgf3RZicOJ3+iPAgAAvwQAAAAx9uhzAgAAuD4AAABIie+J3g8FjUv/uAEAAABI0+BJiYcAAAEAuA4AAAC/AQAAAEmNtwAAAQAx0kG6CAAAAA8FjbuAAAAA6cABAABEiefB7wiB5/8AAADprwEAALgOAAAAvwIAAABJjbcIAAEAMdJBuggAAAAPBbsBAAAAid/oBwIAAP/Dg/tAdvK/AQAAAL4JAAAA6OEBAAC4bgAAAA8FSI01rQIAAEg56A+FUQEAAEGDfwQBD4TMAAAAMdu4BQAAAInfSY23iAABAA8FSIXAdUBBi4egAAEAJQDwAAA9ACAAAHUtSceHMAABAAbAAABBiZ84AAEAuL0BAAC/BAAAAL4BAAAASY2XMAABAEUx0g8F/8OD+wNypLi+AQAAvwQAAAAx9g8FSI01awMAAEiFwA+FygAAALgDAAAAvwQAAAAPBUGLRwjB6ANmQYmHcAABAEmNRwxJiYd4AAEAvxYAAAC+AgAAAEmNl3AAAQC4nQAAAEUx0kUxwA8FSI01XgMAAEiFwHV6uDsAAABJi30ISY11EEyJ8g8FSInDSIP4+HUsSYtFCEmJRRBIjT2aAwAASYl9CLg7AAAASY11CEyJ8g8FSInDSYtFEEmJRQhIjTVZAwAA6N4AAABJi3UI6NUAAABIjTVfAwAA6MkAAAC/fgAAAEiD+/51Eb9/AAAA6wrosgAAAL8BAAAAuOcAAAAPBUnHhzAAAQAAAAAASceHOAABAAAAAABJx4dAAAEAAgAAALi8AQAASY2/MAABAL4YAAAAMdIPBUiNNc0BAABIhcB4rUiJw7i+AQAASInfMfYPBUiNNbIBAABIhcB1krgDAAAASInfDwXDuJ0AAAAx0kUx0kUxwA8Fw7gNAAAASY23EAABADHSQboIAAAADwXDuA0AAABJjbcoAQEAMdJBuggAAAAPBcNIifKAOgB0BUj/wuv2SCnyuAEAAAC/AgAAAA8Fw2NvZGV4IHNhbmRib3g6IHRoZSBMYW5kbG9jayBzdHViIG5lZWRzIFBST0dSQU0gQVJHVjAgW0FSRy4uLl0KAGNvZGV4IHNhbmRib3g6IGJhZCBwYXJhbWV0ZXJzIG9uIGZkIDM7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjb2RleCBpcyBnb25lOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogcHJjdGwoUFJfU0VUX05PX05FV19QUklWUykgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZHJvcHBpbmcgY2FwYWJpbGl0aWVzIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IExhbmRsb2NrIHNpZ25hbCBzY29waW5nIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGZvcmsgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogbGFuZGxvY2tfcmVzdHJpY3Rfc2VsZiBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBpbnN0YWxsaW5nIHRoZSBzZWNjb21wIGZpbHRlciBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjYW5ub3QgcnVuIAAKAC9iaW4vc2gAL3Byb2MvdGhyZWFkLXNlbGYvY2hpbGRyZW4AAC5zaHN0cnRhYgAudGV4dAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALAAAAAQAAAAYAAAAAAAAAsABAAAAAAACwAAAAAAAAAP0JAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAArQoAAAAAAAARAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA==";

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
