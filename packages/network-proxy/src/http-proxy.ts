/**
 * One client connection of the HTTP proxy: `CONNECT host:port` opens a tunnel after the policy
 * allows it; an absolute-form request (`GET http://host/path`) is sent upstream as one request
 * with `Connection: close`, and the connection ends with its response, so every request a client
 * makes is judged on its own (no second request can ride on an allowed connection).
 */
import type { Socket } from "node:net";
import { type BlockedRequest, blockedResponse } from "./blocked.ts";
import {
  BadRequest,
  BodyFramer,
  headEnd,
  MAX_HEAD_BYTES,
  parseRequestHead,
  type RequestHead,
  splitHostPort,
} from "./http-head.ts";
import type { NetworkPolicy, Target } from "./policy.ts";
import { connectUpstream, splice } from "./upstream.ts";

export type ProxyContext = {
  policy: NetworkPolicy;
  onBlocked(request: BlockedRequest): void;
};

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "upgrade",
]);

function simpleResponse(status: string, message: string): string {
  return `HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message) + 1}\r\nconnection: close\r\n\r\n${message}\n`;
}

/** Ends the client with the response for a target that is not a connectable address. */
function refuse(
  client: Socket,
  target: Exclude<Target, { type: "connect" }>,
  port: number,
  ctx: ProxyContext,
  protocol: BlockedRequest["protocol"],
): void {
  if (target.type === "unresolvable") {
    client.end(simpleResponse("502 Bad Gateway", `could not resolve ${target.host}: ${target.message}`));
    return;
  }
  const blocked: BlockedRequest = {
    host: target.host,
    port,
    reason: target.reason,
    rule: target.rule,
    protocol,
  };
  ctx.onBlocked(blocked);
  client.end(blockedResponse(blocked));
}

async function tunnel(client: Socket, head: RequestHead, rest: Buffer, ctx: ProxyContext): Promise<void> {
  const { host, port } = splitHostPort(head.target, 443);
  const target = await ctx.policy.target(host, { method: "CONNECT" });
  if (target.type !== "connect") return refuse(client, target, port, ctx, "https_connect");
  let upstream: Socket;
  try {
    upstream = await connectUpstream(target.address, port);
  } catch (error) {
    client.end(
      simpleResponse(
        "502 Bad Gateway",
        `cannot connect to ${target.host}:${port}: ${(error as Error).message}`,
      ),
    );
    return;
  }
  client.write("HTTP/1.1 200 Connection established\r\n\r\n");
  if (rest.length > 0) upstream.write(rest);
  splice(client, upstream);
}

function upstreamHead(head: RequestHead, url: URL): string {
  const listed = new Set(
    head.headers
      .filter(([name]) => name.toLowerCase() === "connection")
      .flatMap(([, value]) => value.split(",").map((token) => token.trim().toLowerCase())),
  );
  // The Host is the host the policy judged: a different Host header would reach another site
  // served from the allowed address.
  const lines = [`${head.method} ${url.pathname}${url.search} ${head.version}`, `Host: ${url.host}`];
  for (const [name, value] of head.headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower) || lower === "host") continue;
    lines.push(`${name}: ${value}`);
  }
  lines.push("Connection: close", "", "");
  return lines.join("\r\n");
}

async function forward(client: Socket, head: RequestHead, rest: Buffer, ctx: ProxyContext): Promise<void> {
  let url: URL;
  try {
    url = new URL(head.target);
  } catch {
    throw new BadRequest("this is a proxy: send absolute-form requests (http://host/path) or CONNECT");
  }
  if (url.protocol !== "http:")
    throw new BadRequest(`unsupported scheme ${url.protocol} (use CONNECT for https)`);
  const port = url.port === "" ? 80 : Number(url.port);
  const target = await ctx.policy.target(url.hostname, { method: head.method });
  if (target.type !== "connect") return refuse(client, target, port, ctx, "http");
  const framer = new BodyFramer(head);
  let upstream: Socket;
  try {
    upstream = await connectUpstream(target.address, port);
  } catch (error) {
    client.end(
      simpleResponse(
        "502 Bad Gateway",
        `cannot connect to ${target.host}:${port}: ${(error as Error).message}`,
      ),
    );
    return;
  }
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
  upstream.write(upstreamHead(head, url));
  const send = (data: Buffer) => {
    if (framer.done) return;
    const used = framer.take(data);
    if (used > 0) upstream.write(data.subarray(0, used));
  };
  send(rest);
  client.on("data", (data: Buffer) => {
    try {
      send(data);
    } catch {
      client.destroy();
      upstream.destroy();
    }
  });
  upstream.pipe(client);
  client.on("close", () => upstream.destroy());
}

/** Serves one client connection of the HTTP proxy. */
export function serveHttpProxyClient(client: Socket, ctx: ProxyContext): void {
  let buffered = Buffer.alloc(0);
  client.on("error", () => client.destroy());
  const onData = (data: Buffer) => {
    buffered = Buffer.concat([buffered, data]);
    const end = headEnd(buffered);
    if (end < 0) {
      if (buffered.length > MAX_HEAD_BYTES)
        client.end(simpleResponse("431 Request Header Fields Too Large", "request head too large"));
      return;
    }
    client.removeListener("data", onData);
    client.pause();
    const rest = buffered.subarray(end);
    const handle = async () => {
      const head = parseRequestHead(buffered.subarray(0, end - 4).toString("latin1"));
      if (head.method === "CONNECT") await tunnel(client, head, rest, ctx);
      else await forward(client, head, rest, ctx);
      client.resume();
    };
    handle().catch((error: unknown) => {
      const message =
        error instanceof BadRequest ? error.message : `proxy error: ${(error as Error).message}`;
      client.end(simpleResponse("400 Bad Request", message));
    });
  };
  client.on("data", onData);
}
