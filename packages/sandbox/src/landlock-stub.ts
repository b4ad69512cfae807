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
  "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAsABAAAAAAABAAAAAAAAAACAOAAAAAAAAAAAAAEAAOAACAEAAAwACAAEAAAAFAAAAsAAAAAAAAACwAEAAAAAAALAAQAAAAAAAXA0AAAAAAABcDQAAAAAAAAEAAAAAAAAAUeV0ZAYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAABMiyQkTI1sJAhPjXTlCEiB7HgRAQBIg+TwSYnnTIn/SIHHAAABADHAuS8CAADzSKtIjTUxCQAASYP8Aw+CcwcAADHbuAAAAAC/AwAAAEmNNB+6AAABACnadAwPBUiFwH4FSAHD691IjTU6CQAASIXAD4g+BwAASIP7DA+CNAcAAEGDfwQDdRNBx0cEAgAAAEnHh3ARAQABAAAAQYtHCEGDfwQBdQqFwA+FBwcAAOswQYN/BAJ0C0GDfwQAD4XzBgAAhcAPhOsGAACpBwAAAA+F4AYAAEGDfwQCdQRIg8AESIPADEg52A+FyAYAALgDAAAAvwMAAAAPBUGDfwQCD4WQAAAAuE8AAABJjb9wAQEAvgAQAAAPBUiNNaQKAABIhcAPiI4GAABBi0cIQYt0BwyJ8CUAAAIwPQAAAjBIjRVlCAAAD4VpBgAAuDQBAAC/BQAAAA8FSI01xQoAAEiFwA+FUAYAALgDAAAAvwUAAAAPBehQBgAAuFAAAABJjb9wAQEADwVIjTU3CgAASIXAD4UhBgAAvwEAAAC+DwAAAOhrBwAAuG4AAAAPBUiNNTcIAABBOwcPhfsFAAC/JAAAAL4BAAAA6EUHAABBg38EAXViSceHAAABAABgAQBBx4cgAQEAAQAAAEnHhygBAQABAAAAvwEAAADoOgcAAL8CAAAA6DAHAAC/AwAAAOgmBwAAvxQAAADoHAcAAL8VAAAA6BIHAAC/FgAAAOgIBwAA6ZUAAAC4cAAAAA8FvyYAAAC+AQAAAOjGBgAASI010AcAAEiFwA+FXQUAADHbvxgAAACJ3uioBgAA/8OD+0By7b8vAAAAvgQAAADokgYAAEHHh1AAAQAiBQgguH4AAABJjb9QAAEASY23WAABAA8FSI01xwcAAEiFwA+FCQUAAOjtBQAASceHAAABAANAAQBBx4cgAQEAAgAAALgOAAAAvwAAAABJjbcAAAEAMdJBuggAAAAPBbgnAAAADwVIicW4OQAAAA8FSI01/gcAAEiFwA+IsgQAAHQYSInDQYN/BAF0Y7gDAAAAvwQAAAAPBetVQf+PIAEBAA+EzwIAAL8BAAAAvg8AAADo1QUAAEGDfwQCdQIx7bhuAAAADwVIjTWYBgAASDnoD4VcBAAAvyQAAAC+AQAAAOimBQAA6DEFAADpcP///7iAAAAASY2/AAABADH2MdJBuggAAAAPBUiFwHjjg/gRD4SJAAAAQYN/BAEPhQEBAACD+A51DEGDv2gBAQAAdWXrvkGDv2gBAQAAdbS4bgAAAA8FQTsHdKhBx4doAQEAAQAAALh5AAAAMf8PBUg56HUOuD4AAAAx/74PAAAADwVJx4dgAQEAkNADALgmAAAAMf9JjbdIAQEAMdIPBUiFwA+EW////7gPAAAA6YMAAAC4PQAAAEjHx/////9JjbeAAAEAugEAAEBFMdIPBUiFwA+OK////0g52HXVRYungAABAEGDfwQCdQpBg78gAQEAAnRDQYN/BAF1EEGDv2gBAQAAD4QOAQAA6yy4PQAAAEjHx/////8x9roBAABARTHSDwVIg/j2D4TqAAAASIXAf9nrA0GJxEGDfwQBdDa4PgAAAEjHx/////++CQAAAA8FuD0AAABIx8f/////Mfa6AAAAQEUx0g8FSIP49nXi6aMAAAC4AgAAAEiNPVIIAAAx9jHSDwVIhcAPiIgAAABIicO4AAAAAEiJ30mNdwy69P8AAA8FSYnBuAMAAABIid8PBU2FyX4+TY1HDE0BwTHSTTnIczBBD7YASf/Ag+gwg/gJdwlIa9IKSAHC6+NIhdJ03rg+AAAASInXvgkAAAAPBTHS68u4PQAAAEjHx/////8x9roAAABARTHSDwVIg/j2D4Vd////RIngg+B/dFmJw4nf6IYDAAC/BAAAADH26GoDAAC4PgAAAEiJ74neDwWNS/+4AQAAAEjT4EmJhwAAAQC4DgAAAL8BAAAASY23AAABADHSQboIAAAADwWNu4AAAADp1wEAAESJ58HvCIHn/wAAAOnGAQAAuA4AAAC/AgAAAEmNtwgAAQAx0kG6CAAAAA8FuwEAAACJ3+j+AgAA/8OD+0B28r8BAAAAvgkAAADo2AIAALhuAAAADwVIjTWkAwAASDnoD4VoAQAAQYN/BAEPhNAAAAAx27gFAAAAid9JjbeIAAEADwVIhcB1QEGLh6AAAQAlAPAAAD0AIAAAdS1Jx4cwAAEABsAAAEGJnzgAAQC4vQEAAL8EAAAAvgEAAABJjZcwAAEARTHSDwX/w4P7A3KkuL4BAAC/BAAAADH2DwVIjTViBAAASIXAD4XhAAAAuAMAAAC/BAAAAA8FQYtHCMHoA2ZBiYdwAAEASY1HDEmJh3gAAQC/FgAAAL4CAAAASY2XcAABALidAAAARTHSRTHADwVIjTVVBAAASIXAD4WNAAAAMf9Jg79wEQEAAA+FhwAAALg7AAAASYt9CEmNdRBMifIPBUiJw0iD+Ph1LEmLRQhJiUUQSI09hQUAAEmJfQi4OwAAAEmNdQhMifIPBUiJw0mLRRBJiUUISI01RAUAAOjBAQAASYt1COi4AQAASI01SgUAAOisAQAAv34AAABIg/v+dRS/fwAAAOsNSInW6JIBAAC/AQAAALjnAAAADwW4EAEAAL8AAAIIDwVIhcAPhbcAAAAx/0iNNQsFAAAx0kG6AEAEAEUxwOiRAAAASI09DQUAAEiNNfQEAABIjRX/BAAAQboGAAAATI0F/wQAAOhqAAAASI097AQAAEiNNdYEAABIjRXeBAAAQboKAAAATI0F4gQAAOhDAAAAuIkAAABIjT2jBAAASY23iAABAA8FSIXAdTZNi5fYAAEAQYHiDgwAAEGByiEQAAAx/0iNNXcEAAAx0kUxwOgBAAAAw7ilAAAADwVIhcB1AcNIjTXXAwAA6Rf///9Jx4cwAAEAAAAAAEnHhzgAAQAAAAAASceHQAABAAIAAAC4vAEAAEmNvzAAAQC+GAAAADHSDwVIjTXVAQAASIXAD4jR/v//SInDuL4BAABIid8x9g8FSI01tgEAAEiFwA+Fsv7//7gDAAAASInfDwXDuJ0AAAAx0kUx0kUxwA8Fw7gNAAAASY23EAABADHSQboIAAAADwXDuA0AAABJjbcoAQEAMdJBuggAAAAPBcNIifKAOgB0BUj/wuv2SCnyuAEAAAC/AgAAAA8Fw2NvZGV4IHNhbmRib3g6IHRoZSBMYW5kbG9jayBzdHViIG5lZWRzIFBST0dSQU0gQVJHVjAgW0FSRy4uLl0KAGNvZGV4IHNhbmRib3g6IGJhZCBwYXJhbWV0ZXJzIG9uIGZkIDM7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjb2RleCBpcyBnb25lOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogcHJjdGwoUFJfU0VUX05PX05FV19QUklWUykgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogZHJvcHBpbmcgY2FwYWJpbGl0aWVzIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IExhbmRsb2NrIHNpZ25hbCBzY29waW5nIGZhaWxlZDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGZvcmsgZmFpbGVkOyB0aGUgY29tbWFuZCB3YXMgbm90IHJ1bgoAY29kZXggc2FuZGJveDogbGFuZGxvY2tfcmVzdHJpY3Rfc2VsZiBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBpbnN0YWxsaW5nIHRoZSBzZWNjb21wIGZpbHRlciBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiB0aGUgd29ya2luZyBkaXJlY3RvcnkgaXMgbm90IHRoZXJlIGluc2lkZSB0aGUgc2FuZGJveDsgdGhlIGNvbW1hbmQgd2FzIG5vdCBydW4KAGNvZGV4IHNhbmRib3g6IGVudGVyaW5nIHRoZSBzZXNzaW9uJ3Mgc2FuZGJveCBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBzZXR0aW5nIHVwIHRoZSBjb21tYW5kJ3Mgb3duIC9kZXYgYW5kIElQQyBmYWlsZWQ7IHRoZSBjb21tYW5kIHdhcyBub3QgcnVuCgBjb2RleCBzYW5kYm94OiBjYW5ub3QgcnVuIAAKAC9iaW4vc2gALwAvZGV2AC9kZXYvc2htAC9kZXYvcHRzAHRtcGZzAGRldnB0cwBtb2RlPTE3NzcAbmV3aW5zdGFuY2UscHRteG1vZGU9MDY2Nixtb2RlPTYyMAAvcHJvYy90aHJlYWQtc2VsZi9jaGlsZHJlbgAALnNoc3RydGFiAC50ZXh0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALAAAAAQAAAAYAAAAAAAAAsABAAAAAAACwAAAAAAAAAFwNAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAADA4AAAAAAAARAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA==";

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
  /** All of "bwrap-session" but executing the command: its process exits 0 instead. */
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
