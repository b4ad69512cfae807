/** `codex doctor` through dist/codex: what it reports, and exit 1 when something is broken. */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  MockModelServer,
  makeTempCodexHome,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";

setDefaultTimeout(30_000);

let server: MockModelServer;
beforeAll(async () => {
  server = await MockModelServer.start({
    fallback: () => responsesStream([textResponse("ok"), completed()]),
  });
});
afterAll(() => server.close());

type Report = {
  checks: Array<{ section: string; name: string; status: string; summary: string; details: string[] }>;
};

function home(extraToml = "", providerToml = "") {
  const codexHome = makeTempCodexHome();
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl, extraToml });
  if (providerToml) writeFileSync(join(codexHome, "config.toml"), `${providerToml}\n`, { flag: "a" });
  return codexHome;
}

describe("codex doctor", () => {
  test("a healthy setup: every section, the files in effect and where each key comes from, exit 0", async () => {
    const codexHome = home();
    writeFileSync(join(codexHome, "work.config.toml"), 'model_reasoning_effort = "high"\n');
    const cwd = mkdtempSync(join(tmpdir(), "codex-doctor-"));
    const r = await runCodex(["-p", "work", "doctor", "--json"], { codexHome, cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const byName = new Map(report.checks.map((c) => [c.name, c]));
    expect([...new Set(report.checks.map((c) => c.section))]).toEqual([
      "Environment",
      "Configuration",
      "Authentication",
      "Sandbox",
      "MCP servers",
      "Connectivity",
    ]);
    const config = byName.get("config");
    expect(config?.summary).toContain("profile work");
    expect(config?.details).toContain(`file: user (${join(codexHome, "config.toml")})`);
    expect(config?.details).toContain(
      `model_reasoning_effort <- profile (${join(codexHome, "work.config.toml")})`,
    );
    expect(byName.get("auth")?.status).toBe("ok");
    expect(byName.get("provider")).toMatchObject({ status: "ok", summary: "reachable (HTTP 200)" });
    expect(byName.get("sandbox")?.details).toContain("sandbox_mode: read-only");
  });

  test("on the bubblewrap tier the session sandbox is tried and reported; forced Landlock has none", async () => {
    const codexHome = home();
    const doctor = async (...args: string[]) => {
      const r = await runCodex([...args, "doctor", "--json"], { codexHome });
      const report = JSON.parse(r.stdout) as Report;
      return report.checks.find((check) => check.name === "sandbox")!;
    };
    const auto = await doctor();
    const abi = Number(/landlock: ABI (\d+)/.exec(auto.details.join("\n"))?.[1] ?? 0);
    const sessions = auto.summary.startsWith("bubblewrap") && process.arch === "x64" && abi >= 6;
    const line = auto.details.find((detail) => detail.startsWith("session sandbox:"));
    if (sessions)
      expect(line).toBe("session sandbox: works (each conversation's commands enter one running bwrap)");
    else expect(line).toBeUndefined();
    const landlock = await doctor("-c", 'sandbox.linux_backend="landlock"');
    expect(landlock.details.some((detail) => detail.startsWith("session sandbox:"))).toBe(false);
  });

  test("broken things fail and are named: a missing API key, an MCP server that cannot start, a dead provider", async () => {
    const codexHome = home(
      "",
      '[model_providers.dead]\nname = "dead"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "DEAD_KEY"\n[mcp_servers.broken]\ncommand = "/nonexistent/mcp-server"\n',
    );
    const r = await runCodex(["doctor", "-c", 'model_provider="dead"', "--ascii"], { codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[xx] auth");
    expect(r.stdout).toContain("Missing environment variable: `DEAD_KEY`");
    expect(r.stdout).toMatch(/\[xx\] broken +failed to start: .*\/nonexistent\/mcp-server/);
    expect(r.stdout).toMatch(/\[(xx|--)\] provider/);
    expect(r.stdout).toMatch(/\d+ ok \| \d+ warn \| [1-9]\d* fail/);
  });

  test("a config that cannot load is a failing check with the reason, not a crash", async () => {
    const codexHome = makeTempCodexHome();
    writeFileSync(join(codexHome, "config.toml"), 'sandbox_mode = "sometimes"\n');
    const r = await runCodex(["doctor", "--ascii"], { codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[xx] config");
    expect(r.stdout).toContain("invalid value for `sandbox_mode`");
  });
});
