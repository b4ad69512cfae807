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
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAACAOAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAAWA0AAAAAAABYDQAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7HgRAQBIg+TwSYnnTIn/SIHHAAABADHAuS8CAADzSKtIjTUtCQAASYP8Aw+CbwcAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTU2CQAASIXAD4g6BwAASIP7DA+CMAcAAEGDfwQDdRNBx0cEAgAAAEnHh3ARAQABAAAAQYtHCEGDfwQBdQqFwA+FAwcAAOswQYN/BAJ0C0GDfwQAD4XvBgAAhcAPhOcGAACpBwAAAA+F3AYAAEGDfwQCdQRIg8AESIPADEg52A+FxAYAALgDAAAAvwMAAAAPBUGDfwQCD4WgAAAAuE8AAABJjb9wAQEAvgAQAAAPBUiNNaAKAABIhcAPiIoGAABBi0cIQYt0BwyJ8CUAAAIwPQAAAjBIjRVhCAAAD4VlBgAAuDQBAAC/BQAAAA8FSI01wQoAAEiFwA+FTAYAALgDAAAAvwUAAAAPBehMBgAAuFAAAABJjb9wAQEADwVIjTUzCgAASIXAD4UdBgAAMf9Jg79wEQEAAA+FFwYAAL8BAAAAvg8AAADoVwcAALhuAAAADwVIjTUjCAAAQTsHD4XnBQAAvyQAAAC+AQAAAOgxBwAAQYN/BAF1YknHhwAAAQAAYAEAQceHIAEBAAEAAABJx4coAQEAAQAAAL8BAAAA6CYHAAC/AgAAAOgcBwAAvwMAAADoEgcAAL8UAAAA6AgHAAC/FQAAAOj+BgAAvxYAAADo9AYAAOmVAAAAuHAAAAAPBb8mAAAAvgEAAADosgYAAEiNNbwHAABIhcAPhUkFAAAx278YAAAAid7olAYAAP/Dg/tAcu2/LwAAAL4EAAAA6H4GAABBx4dQAAEAIgUIILh+AAAASY2/UAABAEmNt1gAAQAPBUiNNbMHAABIhcAPhfUEAADo2QUAAEnHhwAAAQADQAEAQceHIAEBAAIAAAC4DgAAAL8AAAAASY23AAABADHSQboIAAAADwW4JwAAAA8FSInFuDkAAAAPBUiNNeoHAABIhcAPiJ4EAAB0GEiJw0GDfwQBdGO4AwAAAL8EAAAADwXrVUH/jyABAQAPhM8CAAC/AQAAAL4PAAAA6MEFAABBg38EAnUCMe24bgAAAA8FSI01hAYAAEg56A+FSAQAAL8kAAAAvgEAAADokgUAAOgdBQAA6XD///+4gAAAAEmNvwAAAQAx9jHSQboIAAAADwVIhcB444P4EQ+EiQAAAEGDfwQBD4UBAQAAg/gOdQxBg79oAQEAAHVl675Bg79oAQEAAHW0uG4AAAAPBUE7B3SoQceHaAEBAAEAAAC4eQAAADH/DwVIOeh1Drg+AAAAMf++DwAAAA8FSceHYAEBAJDQAwC4JgAAADH/SY23SAEBADHSDwVIhcAPhFv///+4DwAAAOmDAAAAuD0AAABIx8f/////SY23gAABALoBAABARTHSDwVIhcAPjiv///9IOdh11UWLp4AAAQBBg38EAnUKQYO/IAEBAAJ0Q0GDfwQBdRBBg79oAQEAAA+EDgEAAOssuD0AAABIx8f/////Mfa6AQAAQEUx0g8FSIP49g+E6gAAAEiFwH/Z6wNBicRBg38EAXQ2uD4AAABIx8f/////vgkAAAAPBbg9AAAASMfH/////zH2ugAAAEBFMdIPBUiD+PZ14umjAAAAuAIAAABIjT0+CAAAMfYx0g8FSIXAD4iIAAAASInDuAAAAABIid9JjXcMuvT/AAAPBUmJwbgDAAAASInfDwVNhcl+Pk2NRwxNAcEx0k05yHMwQQ+2AEn/wIPoMIP4CXcJSGvSCkgBwuvjSIXSdN64PgAAAEiJ174JAAAADwUx0uvLuD0AAABIx8f/////Mfa6AAAAQEUx0g8FSIP49g+FXf///0SJ4IPgf3RZicOJ3+hyAwAAvwQAAAAx9uhWAwAAuD4AAABIie+J3g8FjUv/uAEAAABI0+BJiYcAAAEAuA4AAAC/AQAAAEmNtwAAAQAx0kG6CAAAAA8FjbuAAAAA6cMBAABEiefB7wiB5/8AAADpsgEAALgOAAAAvwIAAABJjbcIAAEAMdJBuggAAAAPBbsBAAAAid/o6gIAAP/Dg/tAdvK/AQAAAL4JAAAA6MQCAAC4bgAAAA8FSI01kAMAAEg56A+FVAEAAEGDfwQBD4TMAAAAMdu4BQAAAInfSY23iAABAA8FSIXAdUBBi4egAAEAJQDwAAA9ACAAAHUtSceHMAABAAbAAABBiZ84AAEAuL0BAAC/BAAAAL4BAAAASY2XMAABAEUx0g8F/8OD+wNypLi+AQAAvwQAAAAx9g8FSI01TgQAAEiFwA+FzQAAALgDAAAAvwQAAAAPBUGLRwjB6ANmQYmHcAABAEmNRwxJiYd4AAEAvxYAAAC+AgAAAEmNl3AAAQC4nQAAAEUx0kUxwA8FSI01QQQAAEiFwHV9uDsAAABJi30ISY11EEyJ8g8FSInDSIP4+HUsSYtFCEmJRRBIjT2FBQAASYl9CLg7AAAASY11CEyJ8g8FSInDSYtFEEmJRQhIjTVEBQAA6MEBAABJi3UI6LgBAABIjTVKBQAA6KwBAAC/fgAAAEiD+/51FL9/AAAA6w1IidbokgEAAL8BAAAAuOcAAAAPBbgQAQAAvwAAAggPBUiFwA+FtwAAADH/SI01CwUAADHSQboAQAQARTHA6JEAAABIjT0NBQAASI019AQAAEiNFf8EAABBugYAAABMjQX/BAAA6GoAAABIjT3sBAAASI011gQAAEiNFd4EAABBugoAAABMjQXiBAAA6EMAAAC4iQAAAEiNPaMEAABJjbeIAAEADwVIhcB1Nk2Ll9gAAQBBgeIODAAAQYHKIRAAADH/SI01dwQAADHSRTHA6AEAAADDuKUAAAAPBUiFwHUBw0iNNdcDAADpF////0nHhzAAAQAAAAAASceHOAABAAAAAABJx4dAAAEAAgAAALi8AQAASY2/MAABAL4YAAAAMdIPBUiNNdUBAABIhcAPiNH+//9IicO4vgEAAEiJ3zH2DwVIjTW2AQAASIXAD4Wy/v//uAMAAABIid8PBcO4nQAAADHSRTHSRTHADwXDuA0AAABJjbcQAAEAMdJBuggAAAAPBcO4DQAAAEmNtygBAQAx0kG6CAAAAA8Fw0iJ8oA6AHQFSP/C6/ZIKfK4AQAAAL8CAAAADwXDY29kZXggc2FuZGJveDogdGhlIExhbmRsb2NrIHN0dWIgbmVlZHMgUFJPR1JBTSBBUkdWMCBbQVJHLi4uXQoAY29kZXggc2FuZGJveDogYmFkIHBhcmFtZXRlcnMgb24gZmQgMzsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGNvZGV4IGlzIGdvbmU7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBwcmN0bChQUl9TRVRfTk9fTkVXX1BSSVZTKSBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBkcm9wcGluZyBjYXBhYmlsaXRpZXMgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogTGFuZGxvY2sgc2lnbmFsIHNjb3BpbmcgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZm9yayBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBsYW5kbG9ja19yZXN0cmljdF9zZWxmIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGluc3RhbGxpbmcgdGhlIHNlY2NvbXAgZmlsdGVyIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IHRoZSB3b3JraW5nIGRpcmVjdG9yeSBpcyBub3QgdGhlcmUgaW5zaWRlIHRoZSBzYW5kYm94OyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZW50ZXJpbmcgdGhlIHNlc3Npb24ncyBzYW5kYm94IGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IHNldHRpbmcgdXAgdGhlIGNvbW1hbmQncyBvd24gL2RldiBhbmQgSVBDIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGNhbm5vdCBydW4gAAoAL2Jpbi9zaAAvAC9kZXYAL2Rldi9zaG0AL2Rldi9wdHMAdG1wZnMAZGV2cHRzAG1vZGU9MTc3NwBuZXdpbnN0YW5jZSxwdG14bW9kZT0wNjY2LG1vZGU9NjIwAC9wcm9jL3RocmVhZC1zZWxmL2NoaWxkcmVuAAAuc2hzdHJ0YWIALnRleHQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALAAAAAQAAAAYAAAAAAAAAsABAAAAAAACwAAAAAAAAAFgNAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAACA4AAAAAAAARAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA==";

const MFD_CLOEXEC = 0x1;
const MFD_ALLOW_SEALING = 0x2;
/** Linux 6.3+: executable even under `vm.memfd_noexec = 1`; older kernels reject the flag. */
const MFD_EXEC = 0x10;
const F_ADD_SEALS = 1033;
// F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
const ALL_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

function hasStubFor(arch: string): boolean {
  return arch === "x64";
}

/** The stub's executable image for this machine, or null when there is none. */
export function landlockStubImage(arch: string = process.arch): Uint8Array | null {
  if (!hasStubFor(arch)) return null;
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
 * Whether the stub may run here, without running it: false when this machine has none or it was
 * found not to run. Lets a caller start slow work that needs the stub before checking it.
 */
export function landlockStubPossible(): boolean {
  return cached === undefined ? hasStubFor(process.arch) : cached.path !== null;
}

/** What the stub is to do; see the modes in its source. */
export type StubMode =
  | { mode: "landlock"; filter: Uint8Array }
  | { mode: "unsandboxed" }
  /** Enter the session bwrap sandbox (pidfd on fd 5) with these setns(2) flags, then as "landlock". */
  | { mode: "bwrap-session"; filter: Uint8Array; namespaces: number }
  /** As "bwrap-session" up to the command's own mounts, then exit 0 without running the command. */
  | { mode: "bwrap-session-trial"; filter: Uint8Array; namespaces: number };

const MODE_NUMBER = { landlock: 0, unsandboxed: 1, "bwrap-session": 2, "bwrap-session-trial": 3 } as const;

/**
 * What the stub reads on fd 3: the pid of the process that spawns it (it refuses to run when that
 * process is no longer its parent), the mode, the filter's length, the filter, and in modes 2 and 3
 * the namespace flags.
 */
export function stubParameters(options: { parentPid: number } & StubMode): Uint8Array {
  const filter = options.mode === "unsandboxed" ? new Uint8Array(0) : options.filter;
  const session = options.mode === "bwrap-session" || options.mode === "bwrap-session-trial";
  const trailer = session ? 4 : 0;
  const out = new Uint8Array(12 + filter.length + trailer);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.parentPid, true);
  view.setUint32(4, MODE_NUMBER[options.mode], true);
  view.setUint32(8, filter.length, true);
  out.set(filter, 12);
  if (session) view.setUint32(12 + filter.length, options.namespaces, true);
  return out;
}
