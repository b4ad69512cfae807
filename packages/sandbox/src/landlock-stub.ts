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
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAAEAMAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAAfAsAAAAAAAB8CwAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7HARAQBIg+TwSYnnTIn/SIHHAAABADHAuS4CAADzSKtIjTX+BwAASYP8Aw+CIAcAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTUHCAAASIXAD4jrBgAASIP7DA+C4QYAAEGLRwhBg38EAXUKhcAPhc4GAADrMEGDfwQCdAtBg38EAA+FugYAAIXAD4SyBgAAqQcAAAAPhacGAABBg38EAnUESIPABEiDwAxIOdgPhY8GAAC4AwAAAL8DAAAADwVBg38EAnVyuE8AAABJjb9wAQEAvgAQAAAPBUiNNY8JAABIhcAPiFkGAABBi0cIQYt0Bwy4NAEAAL8FAAAADwVIjTXJCQAASIXAD4U0BgAAuAMAAAC/BQAAAA8FuFAAAABJjb9wAQEADwVIjTVACQAASIXAD4UKBgAAvwEAAAC+DwAAAOh0BgAAuG4AAAAPBUiNNUAHAABBOwcPheQFAAC/JAAAAL4BAAAA6E4GAABBg38EAXViSceHAAABAABgAQBBx4cgAQEAAQAAAEnHhygBAQABAAAAvwEAAADoQwYAAL8CAAAA6DkGAAC/AwAAAOgvBgAAvxQAAADoJQYAAL8VAAAA6BsGAAC/FgAAAOgRBgAA6ZUAAAC4cAAAAA8FvyYAAAC+AQAAAOjPBQAASI012QYAAEiFwA+FRgUAADHbvxgAAACJ3uixBQAA/8OD+0By7b8vAAAAvgQAAADomwUAAEHHh1AAAQAiBQgguH4AAABJjb9QAAEASY23WAABAA8FSI010AYAAEiFwA+F8gQAAOj+BAAASceHAAABAANAAQBBx4cgAQEAAgAAALgOAAAAvwAAAABJjbcAAAEAMdJBuggAAAAPBbgnAAAADwVIicW4OQAAAA8FSI01BwcAAEiFwA+ImwQAAHQYSInDQYN/BAF0Y7gDAAAAvwQAAAAPBetVQf+PIAEBAA+EzwIAAL8BAAAAvg8AAADo3gQAAEGDfwQCdQIx7bhuAAAADwVIjTWhBQAASDnoD4VFBAAAvyQAAAC+AQAAAOivBAAA6EIEAADpcP///7iAAAAASY2/AAABADH2MdJBuggAAAAPBUiFwHjjg/gRD4SJAAAAQYN/BAEPhQEBAACD+A51DEGDv2gBAQAAdWXrvkGDv2gBAQAAdbS4bgAAAA8FQTsHdKhBx4doAQEAAQAAALh5AAAAMf8PBUg56HUOuD4AAAAx/74PAAAADwVJx4dgAQEAkNADALgmAAAAMf9JjbdIAQEAMdIPBUiFwA+EW////7gPAAAA6YMAAAC4PQAAAEjHx/////9JjbeAAAEAugEAAEBFMdIPBUiFwA+OK////0g52HXVRYungAABAEGDfwQCdQpBg78gAQEAAnRDQYN/BAF1EEGDv2gBAQAAD4QOAQAA6yy4PQAAAEjHx/////8x9roBAABARTHSDwVIg/j2D4TqAAAASIXAf9nrA0GJxEGDfwQBdDa4PgAAAEjHx/////++CQAAAA8FuD0AAABIx8f/////Mfa6AAAAQEUx0g8FSIP49nXi6aMAAAC4AgAAAEiNPa4GAAAx9jHSDwVIhcAPiIgAAABIicO4AAAAAEiJ30mNdwy69P8AAA8FSYnBuAMAAABIid8PBU2FyX4+TY1HDE0BwTHSTTnIczBBD7YASf/Ag+gwg/gJdwlIa9IKSAHC6+NIhdJ03rg+AAAASInXvgkAAAAPBTHS68u4PQAAAEjHx/////8x9roAAABARTHSDwVIg/j2D4Vd////RIngg+B/dFmJw4nf6I8CAAC/BAAAADH26HMCAAC4PgAAAEiJ74neDwWNS/+4AQAAAEjT4EmJhwAAAQC4DgAAAL8BAAAASY23AAABADHSQboIAAAADwWNu4AAAADpwAEAAESJ58HvCIHn/wAAAOmvAQAAuA4AAAC/AgAAAEmNtwgAAQAx0kG6CAAAAA8FuwEAAACJ3+gHAgAA/8OD+0B28r8BAAAAvgkAAADo4QEAALhuAAAADwVIjTWtAgAASDnoD4VRAQAAQYN/BAEPhMwAAAAx27gFAAAAid9JjbeIAAEADwVIhcB1QEGLh6AAAQAlAPAAAD0AIAAAdS1Jx4cwAAEABsAAAEGJnzgAAQC4vQEAAL8EAAAAvgEAAABJjZcwAAEARTHSDwX/w4P7A3KkuL4BAAC/BAAAADH2DwVIjTVrAwAASIXAD4XKAAAAuAMAAAC/BAAAAA8FQYtHCMHoA2ZBiYdwAAEASY1HDEmJh3gAAQC/FgAAAL4CAAAASY2XcAABALidAAAARTHSRTHADwVIjTVeAwAASIXAdXq4OwAAAEmLfQhJjXUQTInyDwVIicNIg/j4dSxJi0UISYlFEEiNPUgEAABJiX0IuDsAAABJjXUITInyDwVIicNJi0UQSYlFCEiNNQcEAADo3gAAAEmLdQjo1QAAAEiNNQ0EAADoyQAAAL9+AAAASIP7/nURv38AAADrCuiyAAAAvwEAAAC45wAAAA8FSceHMAABAAAAAABJx4c4AAEAAAAAAEnHh0AAAQACAAAAuLwBAABJjb8wAAEAvhgAAAAx0g8FSI01zQEAAEiFwHitSInDuL4BAABIid8x9g8FSI01sgEAAEiFwHWSuAMAAABIid8PBcO4nQAAADHSRTHSRTHADwXDuA0AAABJjbcQAAEAMdJBuggAAAAPBcO4DQAAAEmNtygBAQAx0kG6CAAAAA8Fw0iJ8oA6AHQFSP/C6/ZIKfK4AQAAAL8CAAAADwXDY29kZXggc2FuZGJveDogdGhlIExhbmRsb2NrIHN0dWIgbmVlZHMgUFJPR1JBTSBBUkdWMCBbQVJHLi4uXQoAY29kZXggc2FuZGJveDogYmFkIHBhcmFtZXRlcnMgb24gZmQgMzsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGNvZGV4IGlzIGdvbmU7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBwcmN0bChQUl9TRVRfTk9fTkVXX1BSSVZTKSBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBkcm9wcGluZyBjYXBhYmlsaXRpZXMgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogTGFuZGxvY2sgc2lnbmFsIHNjb3BpbmcgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZm9yayBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBsYW5kbG9ja19yZXN0cmljdF9zZWxmIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGluc3RhbGxpbmcgdGhlIHNlY2NvbXAgZmlsdGVyIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IHRoZSB3b3JraW5nIGRpcmVjdG9yeSBpcyBub3QgdGhlcmUgaW5zaWRlIHRoZSBzYW5kYm94OyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZW50ZXJpbmcgdGhlIHNlc3Npb24ncyBzYW5kYm94IGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGNhbm5vdCBydW4gAAoAL2Jpbi9zaAAvcHJvYy90aHJlYWQtc2VsZi9jaGlsZHJlbgAALnNoc3RydGFiAC50ZXh0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALAAAAAQAAAAYAAAAAAAAAsABAAAAAAACwAAAAAAAAAHwLAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAALAwAAAAAAAARAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA==";

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
