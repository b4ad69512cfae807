/**
 * Setup of the network allow-list tests: `dist/codex exec` against the mock model server, a
 * permission profile whose network goes through the proxy, one Linux tier forced, and a local
 * HTTP server on 127.0.0.1 standing in for a package registry. The scripted model is the user
 * of the network (and the attacker trying to get around the proxy).
 */
import { afterEach } from "bun:test";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { probeSandbox } from "@codex/sandbox";
import {
  type CodexRunResult,
  MockModelServer,
  makeTempCodexHome,
  repoRoot,
  runCodex,
  writeMockProviderConfig,
} from "@codex/test-support";

export type LinuxTier = "bwrap" | "landlock";

/**
 * A bubblewrap for the bwrap tier: the system's, else the one that ships in the repository's
 * node_modules with the @openai/codex package (a dev dependency), put on the PATH codex sees.
 */
function bwrapDir(): string | null {
  const facts = probeSandbox({ platform: process.platform, env: {} }).facts;
  if (facts?.bwrap?.ok) return null;
  const bundled = join(
    repoRoot,
    "node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/codex-resources/bwrap",
  );
  return existsSync(bundled) ? dirname(bundled) : null;
}

const facts = probeSandbox({ platform: process.platform }).facts;
/** The directory to put first on the PATH for the bwrap tier, or null (the system has one). */
export const BWRAP_DIR = bwrapDir();
const HAS_BWRAP =
  facts?.seccomp === true &&
  (facts.bwrap?.ok === true ||
    (BWRAP_DIR !== null &&
      probeSandbox({ platform: "linux", env: { PATH: BWRAP_DIR }, backend: "bwrap" }).tier === "bwrap"));

export const NETWORK_TIERS: LinuxTier[] = [
  ...(HAS_BWRAP ? (["bwrap"] as const) : []),
  ...(facts && facts.landlockAbi >= 1 && facts.seccomp ? (["landlock"] as const) : []),
];

export const HAS_CURL = Bun.which("curl") !== null;
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

export type NetworkEnv = {
  tier: LinuxTier;
  server: MockModelServer;
  codexHome: string;
  ws: string;
  /** The registry stand-in: `http://127.0.0.1:PORT`. */
  registry: string;
  /** Requests the registry saw (`METHOD /path`). */
  registryLog: string[];
};

export type NetworkProfile = {
  domains: (registryHost: string) => Record<string, "allow" | "deny">;
};

const TARBALL_PATH = "/left-pad/-/left-pad-1.3.0.tgz";

/** npm's view of the package: one version whose tarball the registry serves. */
function packument(base: string, tgz: Buffer) {
  const version = {
    name: "left-pad",
    version: "1.3.0",
    main: "index.js",
    dist: {
      tarball: `${base}${TARBALL_PATH}`,
      shasum: createHash("sha1").update(tgz).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
    },
  };
  return { name: "left-pad", "dist-tags": { latest: "1.3.0" }, versions: { "1.3.0": version } };
}

let tarball: Buffer | null = null;

/** A package tarball made with `npm pack` (once per test file); null when npm is missing. */
export function packLeftPad(): Buffer | null {
  if (tarball || !Bun.which("npm")) return tarball;
  const dir = mkdtempSync(join(tmpdir(), "codex-net-pkg-"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "left-pad", version: "1.3.0", main: "index.js" }),
  );
  writeFileSync(join(dir, "index.js"), "module.exports = (s, n) => String(s).padStart(n);\n");
  const packed = Bun.spawnSync(["npm", "pack", "--silent"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  if (packed.exitCode === 0) tarball = readFileSync(join(dir, packed.stdout.toString().trim()));
  rmSync(dir, { recursive: true, force: true });
  return tarball;
}

export function networkSetup(): (tier: LinuxTier, profile: NetworkProfile) => Promise<NetworkEnv> {
  const started: Array<{ server: MockModelServer; registry: Server; dirs: string[] }> = [];
  afterEach(async () => {
    for (const { server, registry, dirs } of started.splice(0)) {
      await server.close();
      registry.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (tier, profile) => {
    const server = await MockModelServer.start();
    const registryLog: string[] = [];
    const registry = createServer((req, res) => {
      registryLog.push(`${req.method} ${req.url}`);
      const base = `http://${req.headers.host}`;
      if (req.url === "/left-pad" && tarball) {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(packument(base, tarball)));
      } else if (req.url === TARBALL_PATH && tarball) {
        res.setHeader("content-type", "application/octet-stream");
        res.end(tarball);
      } else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ name: "left-pad", path: req.url, via: req.headers.host }));
      }
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    const port = (registry.address() as { port: number }).port;
    const codexHome = makeTempCodexHome();
    const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-net-")));
    const ws = join(base, "ws");
    mkdirSync(ws, { recursive: true });
    const domains = Object.entries(profile.domains("127.0.0.1"))
      .map(([host, rule]) => `${JSON.stringify(host)} = "${rule}"`)
      .join("\n");
    writeMockProviderConfig(codexHome, {
      baseUrl: server.baseUrl,
      extraToml: [
        'default_permissions = "dev"',
        "[sandbox]",
        `linux_backend = "${tier}"`,
        "[permissions.dev]",
        'extends = ":workspace"',
        "[permissions.dev.network]",
        "enabled = true",
        "[permissions.dev.network.domains]",
        domains,
      ].join("\n"),
    });
    started.push({ server, registry, dirs: [base, codexHome] });
    return { tier, server, codexHome, ws, registry: `http://127.0.0.1:${port}`, registryLog };
  };
}

/** Runs `dist/codex ARGS` in the workspace, with the tier's bubblewrap on the PATH. */
function runInWorkspace(env: NetworkEnv, args: string[]): Promise<CodexRunResult> {
  const path = [BWRAP_DIR, process.env.PATH ?? "/usr/bin:/bin"].filter(Boolean).join(":");
  return runCodex(args, { codexHome: env.codexHome, cwd: env.ws, timeoutMs: 90_000, env: { PATH: path } });
}

/** One `codex exec --json` turn in the workspace. */
export function execTurn(env: NetworkEnv): Promise<CodexRunResult> {
  return runInWorkspace(env, ["exec", "--json", "--skip-git-repo-check", "go"]);
}

/** `codex sandbox linux -- COMMAND…` in the workspace. */
export function sandboxLinux(env: NetworkEnv, command: string[]): Promise<CodexRunResult> {
  return runInWorkspace(env, ["sandbox", "linux", "--", ...command]);
}
