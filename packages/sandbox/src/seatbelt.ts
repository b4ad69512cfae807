/**
 * macOS: a Seatbelt profile generated from the layout, run with `/usr/bin/sandbox-exec` (always that
 * absolute path, never one found on PATH). Deny by default; read everywhere; write only beneath the
 * writable roots minus their read-only paths; network only when the policy allows it. Paths are
 * passed as `-D` parameters, never spliced into the profile text.
 */
import type { SandboxLayout } from "./layout.ts";

export const SANDBOX_EXEC = "/usr/bin/sandbox-exec";

const BASE_PROFILE = `(version 1)
(deny default)

; processes: start, fork, and see or signal only their own sandbox
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; the whole file system is readable
(allow file-read*)

; devices every shell needs
(allow file-write-data (require-all (path "/dev/null") (vnode-type CHARACTER-DEVICE)))
(allow file-read* file-write* file-ioctl (literal "/dev/ptmx") (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))
(allow pseudo-tty)

; system facts that runtimes (libc, Python, Node, Rust) read at start-up
(allow sysctl-read
  (sysctl-name "hw.activecpu")
  (sysctl-name "hw.busfrequency_compat")
  (sysctl-name "hw.byteorder")
  (sysctl-name "hw.cacheconfig")
  (sysctl-name "hw.cachelinesize_compat")
  (sysctl-name "hw.cpufamily")
  (sysctl-name "hw.cpufrequency_compat")
  (sysctl-name "hw.cputype")
  (sysctl-name "hw.l1dcachesize_compat")
  (sysctl-name "hw.l1icachesize_compat")
  (sysctl-name "hw.l2cachesize_compat")
  (sysctl-name "hw.l3cachesize_compat")
  (sysctl-name "hw.logicalcpu_max")
  (sysctl-name "hw.machine")
  (sysctl-name "hw.memsize")
  (sysctl-name "hw.ncpu")
  (sysctl-name "hw.nperflevels")
  (sysctl-name "hw.pagesize_compat")
  (sysctl-name "hw.physicalcpu_max")
  (sysctl-name "hw.tbfrequency_compat")
  (sysctl-name "hw.vectorunit")
  (sysctl-name "kern.argmax")
  (sysctl-name "kern.hostname")
  (sysctl-name "kern.maxfilesperproc")
  (sysctl-name "kern.osproductversion")
  (sysctl-name "kern.osrelease")
  (sysctl-name "kern.ostype")
  (sysctl-name "kern.osvariant_status")
  (sysctl-name "kern.osversion")
  (sysctl-name "kern.secure_kernel")
  (sysctl-name "kern.usrstack64")
  (sysctl-name "kern.version")
  (sysctl-name "sysctl.proc_cputype")
  (sysctl-name-prefix "hw.optional.arm.")
  (sysctl-name-prefix "hw.optional.")
  (sysctl-name-prefix "hw.perflevel")
  (sysctl-name-prefix "kern.proc.pid.")
  (sysctl-name-prefix "net.routetable."))

; semaphores (Python multiprocessing), user lookups, power assertions
(allow ipc-posix-sem)
(allow user-preference-read)
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.PowerManagement.control"))
`;

const NETWORK_PROFILE = `
; network: allowed by the policy
(allow network-outbound)
(allow network-inbound)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.dnssd.service")
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.trustd.agent"))
`;

export type SeatbeltProfile = {
  profile: string;
  /** `-DNAME=value` arguments for sandbox-exec. */
  parameters: string[];
};

/** The profile text and its parameters for a layout. */
export function seatbeltProfile(layout: SandboxLayout): SeatbeltProfile {
  const parameters: string[] = [];
  const writeRules: string[] = [];
  layout.writableRoots.forEach((root, i) => {
    const name = `WRITABLE_ROOT_${i}`;
    parameters.push(`-D${name}=${root.root}`);
    const excluded = root.readOnly.map((path, j) => {
      parameters.push(`-D${name}_RO_${j}=${path}`);
      return `(require-not (subpath (param "${name}_RO_${j}")))`;
    });
    writeRules.push(
      excluded.length === 0
        ? `(subpath (param "${name}"))`
        : `(require-all (subpath (param "${name}")) ${excluded.join(" ")})`,
    );
  });
  let profile = BASE_PROFILE;
  if (writeRules.length > 0) {
    profile += `\n; writable roots, minus .git and .codex\n(allow file-write*\n  ${writeRules.join("\n  ")})\n`;
  }
  if (!layout.networkDisabled) profile += NETWORK_PROFILE;
  return { profile, parameters };
}

/** `sandbox-exec` arguments that run `command` under the layout. */
export function seatbeltArgs(layout: SandboxLayout, command: string[]): string[] {
  const { profile, parameters } = seatbeltProfile(layout);
  return ["-p", profile, ...parameters, "--", ...command];
}
