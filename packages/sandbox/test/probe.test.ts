/**
 * Tier choice with injected host facts: the strongest working tier wins, a forced tier is honoured
 * or refused, and a host without Landlock or user namespaces gets the refusal with its fixes,
 * never a weaker sandbox.
 */
import { describe, expect, test } from "bun:test";
import type { LinuxHostFacts } from "../src/index.ts";
import { prepareSandboxedCommand, probeSandbox, SandboxUnavailableError } from "../src/index.ts";

const GOOD: LinuxHostFacts = {
  bwrapPath: "/usr/bin/bwrap",
  bwrap: { ok: true, disableUserns: true },
  landlockAbi: 6,
  landlockError: null,
  seccomp: true,
  usernsBlocked: null,
  container: null,
};

const NO_USERNS: Partial<LinuxHostFacts> = {
  bwrap: { ok: false, reason: "bwrap: setting up uid map: Permission denied" },
  usernsBlocked:
    "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1)",
};
const NO_LANDLOCK: Partial<LinuxHostFacts> = { landlockAbi: -95, landlockError: "Operation not supported" };

const probe = (facts: Partial<LinuxHostFacts>, backend?: "auto" | "bwrap" | "landlock") =>
  probeSandbox({ platform: "linux", facts: { ...GOOD, ...facts }, ...(backend ? { backend } : {}) });

describe("probeSandbox on Linux", () => {
  test("prefers bubblewrap when it works", () => {
    expect(probe({}).tier).toBe("bwrap");
    expect(probe({}).summary).toContain("bubblewrap + seccomp");
  });

  test("uses Landlock when user namespaces are blocked, and says why", () => {
    const result = probe(NO_USERNS);
    expect(result.tier).toBe("landlock");
    expect(result.summary).toContain("bubblewrap unusable");
    expect(result.summary).toContain("AppArmor");
  });

  test("uses Landlock when bwrap is not installed", () => {
    const result = probe({ bwrapPath: null, bwrap: null });
    expect(result.tier).toBe("landlock");
    expect(result.summary).toContain("not installed");
  });

  test("a kernel without Landlock and a host without user namespaces: refusal naming both, with fixes", () => {
    const result = probe({ ...NO_USERNS, ...NO_LANDLOCK });
    expect(result.tier).toBeNull();
    expect(result.summary).toContain("No sandbox available");
    expect(result.summary).toContain("AppArmor");
    expect(result.summary).toContain("no usable Landlock (Operation not supported)");
    expect(result.summary).toContain("danger-full-access");
    expect(result.summary).toContain("userns");
  });

  test("no bwrap and no Landlock: tells to install bubblewrap", () => {
    const result = probe({ bwrapPath: null, bwrap: null, ...NO_LANDLOCK });
    expect(result.tier).toBeNull();
    expect(result.summary).toContain("install bubblewrap");
  });

  test("in a container, the fix mentions the container's seccomp profile", () => {
    const result = probe({
      bwrap: { ok: false, reason: "bwrap: No permissions to create new namespace" },
      container: "docker",
      ...NO_LANDLOCK,
    });
    expect(result.summary).toContain("running inside docker");
    expect(result.summary).toContain("--security-opt");
  });

  test("forced bwrap on a host without user namespaces refuses instead of using Landlock", () => {
    const result = probe(NO_USERNS, "bwrap");
    expect(result.tier).toBeNull();
    expect(result.summary).toContain('sandbox.linux_backend = "bwrap"');
  });

  test("forced landlock on a kernel without it refuses instead of using bwrap", () => {
    const result = probe(NO_LANDLOCK, "landlock");
    expect(result.tier).toBeNull();
    expect(result.summary).toContain('sandbox.linux_backend = "landlock"');
    expect(result.summary).toContain("5.13");
  });

  test("forced landlock is used even when bwrap works", () => {
    expect(probe({}, "landlock").tier).toBe("landlock");
  });

  test("without seccomp nothing runs", () => {
    expect(probe({ seccomp: false }).tier).toBeNull();
  });

  test("details list what was found", () => {
    expect(probe({ container: "podman" }).details).toEqual([
      "bwrap: /usr/bin/bwrap works",
      "landlock: ABI 6",
      "seccomp: available",
      "container: podman",
    ]);
  });
});

describe("probeSandbox on other platforms", () => {
  test("macOS uses Seatbelt", () => {
    expect(probeSandbox({ platform: "darwin" }).tier).toBe("seatbelt");
  });

  test("Windows has no sandbox yet and says what runs", () => {
    const result = probeSandbox({ platform: "win32" });
    expect(result.tier).toBeNull();
    expect(result.summary).toContain("danger-full-access");
  });
});

describe("prepareSandboxedCommand refuses rather than weakening", () => {
  const policy = { mode: "read-only" } as const;

  test("throws SandboxUnavailableError with the probe's message", () => {
    let caught: unknown = null;
    try {
      prepareSandboxedCommand({
        policy,
        argv: ["ls"],
        cwd: "/",
        sandboxCwd: "/",
        env: {},
        platform: "linux",
        facts: { ...GOOD, ...NO_USERNS, ...NO_LANDLOCK },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SandboxUnavailableError);
    expect((caught as SandboxUnavailableError).message).toContain("No sandbox available");
    expect((caught as SandboxUnavailableError).probe?.tier).toBeNull();
  });

  test("danger-full-access runs the command as is, even with no sandbox", () => {
    const prepared = prepareSandboxedCommand({
      policy: { mode: "danger-full-access" },
      argv: ["ls", "-l"],
      cwd: "/",
      sandboxCwd: "/",
      env: { A: "1" },
      platform: "win32",
    });
    expect(prepared).toEqual({
      program: "ls",
      args: ["-l"],
      env: { A: "1" },
      tier: "none",
      ownsProcessTree: false,
    });
  });

  test("Windows refuses any other policy", () => {
    expect(() =>
      prepareSandboxedCommand({
        policy,
        argv: ["dir"],
        cwd: "C:\\",
        sandboxCwd: "C:\\",
        env: {},
        platform: "win32",
      }),
    ).toThrow(SandboxUnavailableError);
  });

  test("a bwrap inside a writable root is refused (the sandbox could replace it)", () => {
    expect(() =>
      prepareSandboxedCommand({
        policy: {
          mode: "workspace-write",
          writable_roots: [],
          network_access: false,
          exclude_slash_tmp: true,
          exclude_tmpdir_env_var: true,
        },
        argv: ["ls"],
        cwd: "/usr",
        sandboxCwd: "/usr",
        env: {},
        platform: "linux",
        facts: GOOD,
      }),
    ).toThrow(/Refusing to use \/usr\/bin\/bwrap/);
  });

  test("bwrap tier: bwrap is the spawner's own child, the filter on fd 3 (read-only root, no network)", () => {
    const prepared = prepareSandboxedCommand({
      policy,
      argv: ["ls"],
      cwd: "/",
      sandboxCwd: "/",
      env: { PATH: "/usr/bin:/bin" },
      platform: "linux",
      facts: GOOD,
    });
    expect(prepared.program).toBe("/usr/bin/bwrap");
    expect(prepared.tier).toBe("bwrap");
    expect(prepared.ownsProcessTree).toBe(true);
    expect(prepared.env).toEqual({ PATH: "/usr/bin:/bin", CODEX_SANDBOX_NETWORK_DISABLED: "1" });
    expect(prepared.args.slice(0, 2)).toEqual(["--seccomp", "3"]);
    expect(prepared.fd3Input?.length).toBeGreaterThan(0);
    expect(prepared.args).toContain("--die-with-parent");
    expect(prepared.args).toContain("--unshare-net");
    expect(prepared.args).toContain("--disable-userns");
    expect(prepared.args.slice(-3)).toEqual(["/", "--", "ls"]);
  });

  test("the command's working directory grants nothing; the policy is anchored to the session's", () => {
    const policy = {
      mode: "workspace-write" as const,
      writable_roots: [],
      network_access: false,
      exclude_slash_tmp: true,
      exclude_tmpdir_env_var: true,
    };
    const prepared = prepareSandboxedCommand({
      policy,
      argv: ["ls"],
      cwd: "/etc",
      sandboxCwd: "/var",
      env: { PATH: "/usr/bin:/bin" },
      platform: "linux",
      facts: GOOD,
    });
    const binds = prepared.args.flatMap((arg, i) => (arg === "--bind" ? [prepared.args[i + 1]] : []));
    expect(binds).toEqual(["/var"]);
    expect(prepared.args.slice(-4)).toEqual(["--chdir", "/etc", "--", "ls"]);
    const landlock = prepareSandboxedCommand({
      policy,
      argv: ["ls"],
      cwd: "/etc",
      sandboxCwd: "/var",
      env: {},
      platform: "linux",
      facts: { ...GOOD, ...NO_USERNS },
      helperCommand: ["/opt/codex"],
      landlockSupervisor: "bun",
    });
    expect(landlock.args).toEqual([
      "--codex-linux-sandbox",
      "--network",
      "off",
      "--landlock",
      "--write",
      "/var",
      "--",
      "ls",
    ]);
  });

  test.skipIf(process.platform !== "linux" || process.arch !== "x64")(
    "Landlock's native supervisor: the stub, the command looked up on its PATH, the ruleset on fd 4",
    () => {
      const prepared = prepareSandboxedCommand({
        policy,
        argv: ["ls", "-l"],
        cwd: "/etc",
        sandboxCwd: "/var",
        env: { PATH: "/usr/bin:/bin" },
        platform: "linux",
        facts: { ...GOOD, ...NO_USERNS },
      });
      try {
        expect(prepared.program).toMatch(/^\/proc\/\d+\/fd\/\d+$/);
        expect(prepared.args).toEqual([Bun.which("ls", { PATH: "/usr/bin:/bin" })!, "ls", "-l"]);
        expect(prepared.extraFds).toHaveLength(1);
        expect(prepared.ownsProcessTree).toBe(true);
        const parameters = new DataView(prepared.fd3Input!.buffer);
        expect(parameters.getUint32(0, true)).toBe(process.pid);
        expect(parameters.getUint32(4, true)).toBe(0); // mode: Landlock
        expect(parameters.getUint32(8, true)).toBe(prepared.fd3Input!.length - 12);
      } finally {
        prepared.release?.();
      }
    },
  );

  test.skipIf(process.platform !== "linux" || process.arch !== "x64")(
    "danger-full-access on Linux: the same command under the native supervisor, stopped through its group as before",
    () => {
      const prepared = prepareSandboxedCommand({
        policy: { mode: "danger-full-access" },
        argv: ["ls", "-l"],
        cwd: "/etc",
        sandboxCwd: "/var",
        env: { PATH: "/usr/bin:/bin" },
        platform: "linux",
      });
      expect(prepared.program).toMatch(/^\/proc\/\d+\/fd\/\d+$/);
      expect(prepared.args).toEqual([Bun.which("ls", { PATH: "/usr/bin:/bin" })!, "ls", "-l"]);
      expect(prepared.env).toEqual({ PATH: "/usr/bin:/bin" });
      expect(prepared.extraFds).toBeUndefined();
      expect(prepared.ownsProcessTree).toBe(false);
      const parameters = new DataView(prepared.fd3Input!.buffer);
      expect(parameters.getUint32(4, true)).toBe(1); // mode: unsandboxed
      expect(prepared.fd3Input!.length).toBe(12);
    },
  );

  test("a missing command exits 127 without starting a sandbox", () => {
    const prepared = prepareSandboxedCommand({
      policy,
      argv: ["no-such-codex-cmd"],
      cwd: "/",
      sandboxCwd: "/",
      env: { PATH: "/usr/bin" },
      platform: "linux",
      facts: GOOD,
    });
    const result = Bun.spawnSync([prepared.program, ...prepared.args]);
    expect(result.exitCode).toBe(127);
    expect(result.stderr.toString()).toBe("codex sandbox: no-such-codex-cmd: command not found\n");
  });
});

describe("probeSandbox on this host", () => {
  // A fresh process: host facts are gathered once per process.
  const probeTwice = (backend: string) => {
    const script = `
      import { probeSandbox } from ${JSON.stringify(`${import.meta.dir}/../src/index.ts`)};
      const forCommand = probeSandbox({ backend: "${backend}", tierOnly: true });
      const auto = probeSandbox({ backend: "auto", tierOnly: true });
      const report = probeSandbox({ backend: "${backend}" });
      console.log(JSON.stringify({ forCommand: forCommand.details[0], report: report.details[0], autoTier: auto.tier }));`;
    const result = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe" });
    expect(result.stderr.toString()).toBe("");
    return JSON.parse(result.stdout.toString()) as { forCommand: string; report: string; autoTier: string };
  };
  const bwrapRuns = probeSandbox({ platform: "linux" }).facts?.bwrap?.ok === true;

  test.skipIf(process.platform !== "linux" || !bwrapRuns)(
    "a forced Landlock backend does not run bwrap to choose its tier; a report, or auto after it, still checks it",
    () => {
      const landlock = probeTwice("landlock");
      expect(landlock.forCommand).toBe("bwrap: not checked (sandbox.linux_backend forces Landlock)");
      expect(landlock.report).toMatch(/^bwrap: \/.*bwrap works$/);
      expect(landlock.autoTier).toBe("bwrap");
      const auto = probeTwice("auto");
      expect(auto.forCommand).toMatch(/^bwrap: \/.*bwrap works$/);
    },
  );
});
