/**
 * The proxy as clients use it: curl through the HTTP proxy (plain and CONNECT) and through SOCKS5,
 * on a Unix socket and on a loopback port, to a real HTTP server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BlockedRequest, NetworkPolicy, type RunningProxy, startNetworkProxy } from "../src/index.ts";

const HAS_CURL = Bun.which("curl") !== null;
let upstream: Server;
let upstreamPort = 0;
const seen: string[] = [];
let proxy: RunningProxy;
let dir: string;
const blocked: BlockedRequest[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => res.end(`hello ${req.method} ${req.url} ${body}`));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamPort = (upstream.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), "np-test-"));
  const policy = new NetworkPolicy(
    {
      mode: "full",
      domains: { "127.0.0.1": "allow", "rebind.test": "allow", "bad.test": "deny" },
      allowLocalBinding: false,
    },
    { resolver: async () => ["127.0.0.1"] },
  );
  proxy = await startNetworkProxy({
    policy,
    http: { host: "127.0.0.1", port: 0 },
    socks: { path: join(dir, "socks.sock") },
    onBlocked: (request) => blocked.push(request),
  });
});

afterAll(async () => {
  await proxy.close();
  upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

function proxyUrl(): string {
  const http = proxy.http as { port: number };
  return `http://127.0.0.1:${http.port}`;
}

async function curl(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const child = Bun.spawn(["curl", "-sS", "--max-time", "10", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, out, err };
}

describe.skipIf(!HAS_CURL)("HTTP proxy", () => {
  test("forwards a request to an allowed host, body included", async () => {
    const result = await curl([
      "-x",
      proxyUrl(),
      "-d",
      "payload",
      `http://127.0.0.1:${upstreamPort}/pkg?x=1`,
    ]);
    expect(result.out).toBe("hello POST /pkg?x=1 payload");
  });

  test("sends the judged host as Host, whatever the client wrote", async () => {
    const result = await curl([
      "-x",
      proxyUrl(),
      "-H",
      "Host: other.example",
      `http://127.0.0.1:${upstreamPort}/host`,
    ]);
    expect(result.out).toBe("hello GET /host ");
    expect(seen.at(-1)).toBe(`GET /host host=127.0.0.1:${upstreamPort}`);
  });

  test("tunnels CONNECT to an allowed host", async () => {
    const result = await curl(["-p", "-x", proxyUrl(), `http://127.0.0.1:${upstreamPort}/tunnel`]);
    expect(result.out).toBe("hello GET /tunnel ");
  });

  test("refuses an unlisted host with 403, the header and a JSON body naming it", async () => {
    const result = await curl(["-i", "-x", proxyUrl(), "http://example.org/"]);
    expect(result.out).toContain("HTTP/1.1 403 Forbidden");
    expect(result.out).toContain("x-proxy-error: blocked-by-allowlist");
    const body = JSON.parse(result.out.slice(result.out.indexOf("{")));
    expect(body).toMatchObject({ status: "blocked", host: "example.org", reason: "not_allowed", port: 80 });
    expect(blocked.some((request) => request.host === "example.org")).toBe(true);
  });

  test("refuses a denied host's tunnel with blocked-by-denylist", async () => {
    const result = await curl(["-i", "-x", proxyUrl(), "https://bad.test/"]);
    expect(result.out).toContain("x-proxy-error: blocked-by-denylist");
  });

  test("refuses a listed name that resolves to a private address", async () => {
    const result = await curl(["-i", "-x", proxyUrl(), `http://rebind.test:${upstreamPort}/`]);
    expect(result.out).toContain("HTTP/1.1 403 Forbidden");
    expect(result.out).toContain('"reason":"not_allowed_local"');
  });

  test("a second request on the same connection does not ride on the first's approval", async () => {
    const before = seen.length;
    const port = (proxy.http as { port: number }).port;
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      `GET http://127.0.0.1:${upstreamPort}/first HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET http://127.0.0.1:${upstreamPort}/second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    await closed;
    expect(Buffer.concat(chunks).toString()).toContain("hello GET /first");
    expect(seen.slice(before)).toEqual([`GET /first host=127.0.0.1:${upstreamPort}`]);
  });
});

describe.skipIf(!HAS_CURL)("SOCKS5 proxy on a Unix socket", () => {
  test("connects to an allowed host and refuses others", async () => {
    const socks = proxy.socks as { path: string };
    // curl cannot speak SOCKS over a Unix socket: the handshake by hand (the sandbox's bridge
    // turns it into TCP for curl; the end-to-end tests cover that).
    const reply = await socksConnect(socks.path, "127.0.0.1", upstreamPort);
    expect(reply[1]).toBe(0);
    const refused = await socksConnect(socks.path, "example.org", 443);
    expect(refused[1]).toBe(2);
  });
});

function socksConnect(path: string, host: string, port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let stage = 0;
    socket.on("error", reject);
    socket.on("data", (data: Buffer) => {
      if (stage++ === 0) {
        const name = Buffer.from(host);
        const portBytes = Buffer.alloc(2);
        portBytes.writeUInt16BE(port);
        socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]));
      } else {
        socket.destroy();
        resolve(data);
      }
    });
    socket.write(Buffer.from([5, 1, 0]));
  });
}
