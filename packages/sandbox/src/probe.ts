/**
 * Which sandbox would run a command here, and why. Linux picks the strongest tier that works
 * (bubblewrap + seccomp, then Landlock + seccomp) unless a backend is forced, and refuses with the
 * fix when neither works: it never falls back silently to something weaker.
 */
import { type LinuxHostFacts, linuxHostFacts } from "./host-facts.ts";

export type LinuxBackend = "auto" | "bwrap" | "landlock";
export type SandboxTier = "bwrap" | "landlock" | "seatbelt";
export type SandboxPlatform = "linux" | "macos" | "windows" | "other";

export type SandboxProbe = {
  platform: SandboxPlatform;
  /** The tier a sandboxed command would use, or null when none can run here. */
  tier: SandboxTier | null;
  /** One line: what is used and why, or what is missing and how to fix it. */
  summary: string;
  /** Extra lines for `codex sandbox --probe` and `/status`. */
  details: string[];
  /** Linux only: what was found on this host. */
  facts: LinuxHostFacts | null;
};

export type ProbeOptions = {
  backend?: LinuxBackend;
  /** Defaults to this process's platform. */
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Replace some of the host facts (tests, or a caller that probed already). */
  facts?: Partial<LinuxHostFacts>;
  /**
   * Only what choosing the tier needs: a forced Landlock backend then does not run bwrap (10-20 ms
   * before a session's first command). Reports (`--probe`, doctor) leave it off to show everything.
   */
  tierOnly?: boolean;
};

export function platformOf(platform: NodeJS.Platform): SandboxPlatform {
  if (platform === "linux") return "linux";
  if (platform === "darwin") return "macos";
  if (platform === "win32") return "windows";
  return "other";
}

const FIX_DANGER =
  "or run with `--sandbox danger-full-access` inside an outer sandbox (container or VM) that you trust";

function bwrapProblem(facts: LinuxHostFacts): string | null {
  if (facts.bwrap === null || facts.bwrapPath === null)
    return "bubblewrap is not installed (no `bwrap` found)";
  if (facts.bwrap.ok) return null;
  if (facts.bwrap.unchecked) return "not checked (sandbox.linux_backend forces Landlock)";
  const why = facts.usernsBlocked ?? (facts.container ? `running inside ${facts.container}` : null);
  return `bubblewrap cannot create its namespaces (${facts.bwrap.reason}${why ? `; ${why}` : ""})`;
}

function landlockProblem(facts: LinuxHostFacts): string | null {
  if (!facts.seccomp) return "this kernel has no seccomp";
  if (facts.landlockAbi >= 1) return null;
  return `this kernel has no usable Landlock (${facts.landlockError ?? `errno ${-facts.landlockAbi}`})`;
}

function bwrapFix(facts: LinuxHostFacts): string {
  if (facts.bwrap === null) return "install bubblewrap (e.g. `apt-get install bubblewrap`)";
  if (facts.usernsBlocked?.includes("AppArmor")) {
    return "allow user namespaces for bwrap (an AppArmor profile for /usr/bin/bwrap with `userns,`, or `sysctl kernel.apparmor_restrict_unprivileged_userns=0`)";
  }
  if (facts.container) {
    return "allow user namespaces in the container (e.g. docker `--security-opt seccomp=unconfined` or a profile that allows unshare/clone)";
  }
  return "allow unprivileged user namespaces (`sysctl user.max_user_namespaces=15000`, `kernel.unprivileged_userns_clone=1`)";
}

const LANDLOCK_FIX = "use a kernel with Landlock (5.13 or newer, with `landlock` in the `lsm=` boot list)";

function probeLinux(facts: LinuxHostFacts, backend: LinuxBackend): SandboxProbe {
  const bwrap = bwrapProblem(facts);
  const landlock = landlockProblem(facts);
  const details = [
    `bwrap: ${bwrap ?? `${facts.bwrapPath} works`}`,
    `landlock: ${landlock ?? `ABI ${facts.landlockAbi}`}`,
    `seccomp: ${facts.seccomp ? "available" : "missing"}`,
  ];
  if (facts.container) details.push(`container: ${facts.container}`);
  const base = { platform: "linux" as const, details, facts };
  const useBwrap = () => ({
    ...base,
    tier: "bwrap" as const,
    summary: `bubblewrap + seccomp (${facts.bwrapPath})${backend === "bwrap" ? ", forced by sandbox.linux_backend" : ""}`,
  });
  const useLandlock = () => ({
    ...base,
    details: [
      ...details,
      "note: under Landlock, .git/.codex stay read-only by granting the root piecewise: no new entries at the top of a repository",
    ],
    tier: "landlock" as const,
    summary: `Landlock ABI ${facts.landlockAbi} + seccomp${
      backend === "landlock" ? ", forced by sandbox.linux_backend" : ` (bubblewrap unusable: ${bwrap})`
    }`,
  });
  const refuse = (summary: string) => ({ ...base, tier: null, summary });
  if (backend === "bwrap") {
    if (!bwrap && !landlock) return useBwrap();
    if (bwrap)
      return refuse(
        `No sandbox: sandbox.linux_backend = "bwrap" but ${bwrap}. Fix: ${bwrapFix(facts)}, set sandbox.linux_backend = "auto", ${FIX_DANGER}.`,
      );
    return refuse(`No sandbox: ${landlock}, which the bwrap tier needs for its filter. Fix: ${FIX_DANGER}.`);
  }
  if (backend === "landlock") {
    if (!landlock) return useLandlock();
    return refuse(
      `No sandbox: sandbox.linux_backend = "landlock" but ${landlock}. Fix: ${LANDLOCK_FIX}, set sandbox.linux_backend = "auto", ${FIX_DANGER}.`,
    );
  }
  if (!bwrap && facts.seccomp) return useBwrap();
  if (!landlock) return useLandlock();
  return refuse(
    `No sandbox available: ${bwrap}, and ${landlock}. Fix: ${bwrapFix(facts)}, or ${LANDLOCK_FIX}, ${FIX_DANGER}.`,
  );
}

/** Which tier would sandbox a command on this host, and why (no command is run but bwrap's probe). */
export function probeSandbox(options: ProbeOptions = {}): SandboxProbe {
  const platform = platformOf(options.platform ?? process.platform);
  if (platform === "macos") {
    return {
      platform,
      tier: "seatbelt",
      summary: "Seatbelt (/usr/bin/sandbox-exec) with a generated profile",
      details: [],
      facts: null,
    };
  }
  if (platform !== "linux") {
    return {
      platform,
      tier: null,
      summary: `No sandbox is available on ${platform === "windows" ? "Windows" : process.platform} yet: only \`--sandbox danger-full-access\` can run commands (use WSL2 for a Linux sandbox).`,
      details: [],
      facts: null,
    };
  }
  const env = options.env ?? process.env;
  const injected = options.facts ?? {};
  const complete =
    "bwrapPath" in injected && "bwrap" in injected && "landlockAbi" in injected && "seccomp" in injected;
  const backend = options.backend ?? "auto";
  const checkBwrap = !(options.tierOnly === true && backend === "landlock");
  const facts: LinuxHostFacts = {
    ...(complete ? emptyFacts() : linuxHostFacts(env, { checkBwrap })),
    ...injected,
  };
  return probeLinux(facts, backend);
}

function emptyFacts(): LinuxHostFacts {
  return {
    bwrapPath: null,
    bwrap: null,
    landlockAbi: -38,
    landlockError: null,
    seccomp: false,
    usernsBlocked: null,
    container: null,
  };
}
