/**
 * Network allow-lists through `dist/codex exec`, on each Linux tier this host has: the scripted
 * model fetches from a listed local server (curl, Python), is refused an unlisted and a denied
 * host with the proxy's answer and a sentence naming the host and rule, cannot get around the
 * proxy (curl --noproxy, a raw socket), and cannot reach a local address through a listed name.
 * On the Landlock tier, which has no network namespace, the network stays off and codex says why.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import {
  completed,
  functionCall,
  type ResponsesEvent,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { toolOutputs } from "../tools/e2e-helpers.ts";
import {
  execTurn,
  HAS_CURL,
  NETWORK_TIERS,
  type NetworkEnv,
  networkSetup,
  PYTHON,
  packLeftPad,
  sandboxLinux,
} from "./network-env.ts";

setDefaultTimeout(180_000);

const setup = networkSetup();

function shellCall(script: string, callId: string): ResponsesEvent[] {
  return functionCall("shell", { command: ["bash", "-c", script] }, callId);
}

function scriptModel(env: NetworkEnv, calls: ResponsesEvent[][]): void {
  for (const call of calls) env.server.enqueue(responsesStream([...call, completed()]));
  env.server.enqueue(responsesStream([textResponse("done"), completed()]));
}

/** A name of this machine that resolves to a non-public address (from /etc/hosts), or null. */
async function localName(): Promise<string | null> {
  try {
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    return addresses.length > 0 &&
      addresses.every((a) => /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$)/.test(a.address))
      ? name
      : null;
  } catch {
    return null;
  }
}

const PY_FETCH = (url: string) =>
  `${PYTHON} -c "import urllib.request; print(urllib.request.urlopen('${url}', timeout=10).read().decode())"`;
const PY_RAW = (port: string) =>
  `${PYTHON} -c "import socket; s=socket.create_connection(('127.0.0.1', ${port}), timeout=5); print('raw connected')" 2>&1 | tail -1`;

const allowRegistry = {
  domains: (host: string) => ({ [host]: "allow" as const, "blocked.example": "deny" as const }),
};

describe.skipIf(!HAS_CURL || !NETWORK_TIERS.includes("bwrap"))("bwrap tier: the allow-list proxy", () => {
  test("a listed host answers through curl and Python; the commands see the proxy variables", async () => {
    const env = await setup("bwrap", allowRegistry);
    scriptModel(env, [
      shellCall(
        `curl -sS ${env.registry}/left-pad && echo && echo "proxy=$HTTPS_PROXY all=$ALL_PROXY"`,
        "call_curl",
      ),
      shellCall(PY_FETCH(`${env.registry}/py`), "call_py"),
      shellCall(`curl -sS --proxy "$ALL_PROXY" ${env.registry}/socks`, "call_socks"),
    ]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const outputs = toolOutputs(env.server);
    expect(outputs.get("call_curl")).toContain('"path":"/left-pad"');
    expect(outputs.get("call_curl")).toContain("proxy=http://127.0.0.1:3128 all=socks5h://127.0.0.1:8081");
    expect(outputs.get("call_py")).toContain('"path":"/py"');
    expect(outputs.get("call_socks")).toContain('"path":"/socks"');
    expect(env.registryLog).toEqual(["GET /left-pad", "GET /py", "GET /socks"]);
  });

  test("an exec_command session goes through the same proxy as a shell call", async () => {
    const env = await setup("bwrap", allowRegistry);
    const cmd = `curl -sS ${env.registry}/terminal; echo; curl -sS -o /dev/null -w 'status=%{http_code}' http://blocked.example/`;
    scriptModel(env, [
      functionCall("exec_command", { cmd, login: false, yield_time_ms: 10000 }, "call_term"),
    ]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_term") ?? "";
    expect(output).toContain('"path":"/terminal"');
    expect(output).toContain("status=403");
    expect(output).toContain('blocked.example:80 was blocked: it matches the deny rule "blocked.example"');
    expect(env.registryLog).toEqual(["GET /terminal"]);
  });

  test("npm install fetches a package from a listed registry through the proxy", async () => {
    if (packLeftPad() === null) return; // npm is not installed here
    const env = await setup("bwrap", allowRegistry);
    scriptModel(env, [
      shellCall(
        `npm install --registry ${env.registry}/ --cache "$PWD/.npm-cache" --no-audit --no-fund --no-update-notifier left-pad >/dev/null 2>&1; echo "exit=$?"; node -e "console.log(require('left-pad')('x', 3))"`,
        "call_npm",
      ),
    ]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_npm") ?? "";
    expect(output).toContain("exit=0");
    expect(output).toContain("  x");
    expect(env.registryLog).toEqual(["GET /left-pad", "GET /left-pad/-/left-pad-1.3.0.tgz"]);
  });

  test("an unlisted and a denied host are refused; the model is told which host and which rule", async () => {
    const env = await setup("bwrap", allowRegistry);
    const port = new URL(env.registry).port;
    scriptModel(env, [
      shellCall(
        `curl -sS -i http://localhost:${port}/x; echo; curl -sS -i http://blocked.example/; echo; curl -sS https://example.org/ ; echo "exit=$?"`,
        "call_blocked",
      ),
    ]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_blocked") ?? "";
    expect(output).toContain("x-proxy-error: blocked-by-allowlist");
    expect(output).toContain('"reason":"not_allowed_local"');
    expect(output).toContain("x-proxy-error: blocked-by-denylist");
    expect(output).toContain('blocked.example:80 was blocked: it matches the deny rule "blocked.example"');
    expect(output).toContain("example.org:443 was blocked: it is not in the network allow-list");
    expect(env.registryLog).toEqual([]);
  });

  test("a command that ignores the proxy variables reaches nothing", async () => {
    const env = await setup("bwrap", allowRegistry);
    const port = new URL(env.registry).port;
    scriptModel(env, [
      shellCall(`curl -sS --max-time 5 --noproxy '*' ${env.registry}/direct; echo "exit=$?"`, "call_noproxy"),
      shellCall(PY_RAW(port), "call_raw"),
    ]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const outputs = toolOutputs(env.server);
    expect(outputs.get("call_noproxy")).toMatch(/exit=(7|28)/);
    expect(outputs.get("call_raw")).not.toContain("raw connected");
    expect(env.registryLog).toEqual([]);
  });

  test("codex sandbox linux applies the profile's allow-list too, and names what it refused", async () => {
    const env = await setup("bwrap", allowRegistry);
    const script = `curl -sS ${env.registry}/cli; echo; curl -sS -o /dev/null -w 'status=%{http_code}' http://blocked.example/`;
    const result = await sandboxLinux(env, ["bash", "-c", script]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"path":"/cli"');
    expect(result.stdout).toContain("status=403");
    expect(result.stderr).toContain(
      'codex sandbox: blocked.example:80 was blocked: it matches the deny rule "blocked.example"',
    );
    expect(env.registryLog).toEqual(["GET /cli"]);
  });

  test("a listed name that resolves to a local address is refused (DNS rebinding)", async () => {
    const name = await localName();
    if (name === null) return; // no local name on this machine to rebind to
    const env = await setup("bwrap", { domains: () => ({ [name]: "allow" }) });
    const port = new URL(env.registry).port;
    scriptModel(env, [shellCall(`curl -sS -i http://${name}:${port}/rebind`, "call_rebind")]);
    const result = await execTurn(env);
    expect(result.code).toBe(0);
    const output = toolOutputs(env.server).get("call_rebind") ?? "";
    expect(output).toContain('"reason":"not_allowed_local"');
    expect(env.registryLog).toEqual([]);
  });
});

describe.skipIf(!HAS_CURL || !NETWORK_TIERS.includes("landlock"))(
  "landlock tier: no namespace, no proxy",
  () => {
    test("the network stays off and codex says the allow-list needs the bubblewrap tier", async () => {
      const env = await setup("landlock", allowRegistry);
      scriptModel(env, [shellCall(`curl -sS --max-time 5 ${env.registry}/x; echo "exit=$?"`, "call_curl")]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      const output = toolOutputs(env.server).get("call_curl") ?? "";
      expect(output).not.toContain('"path"');
      expect(output).toContain(
        "the network allow-list of [permissions.dev] needs the bubblewrap sandbox tier; on the landlock tier sandboxed commands have no network at all",
      );
      expect(env.registryLog).toEqual([]);
    });

    test("codex sandbox linux says so too, and runs the command without network", async () => {
      const env = await setup("landlock", allowRegistry);
      const script = `curl -sS --max-time 5 ${env.registry}/x; echo "exit=$?"`;
      const result = await sandboxLinux(env, ["bash", "-c", script]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/exit=[1-9]/);
      expect(result.stderr).toContain("needs the bubblewrap sandbox tier; the command runs with no network");
      expect(env.registryLog).toEqual([]);
    });
  },
);
