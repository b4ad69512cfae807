/**
 * One client connection of the SOCKS5 proxy (RFC 1928): no authentication, CONNECT only (no BIND,
 * no UDP ASSOCIATE), targets by name (`socks5h://`), IPv4 or IPv6, judged by the same policy.
 */
import type { Socket } from "node:net";
import type { BlockedRequest } from "./blocked.ts";
import type { ProxyContext } from "./http-proxy.ts";
import { connectUpstream, splice } from "./upstream.ts";

const VERSION = 5;
const REPLY = {
  succeeded: 0,
  generalFailure: 1,
  notAllowed: 2,
  hostUnreachable: 4,
  commandNotSupported: 7,
  addressNotSupported: 8,
} as const;

function reply(code: number): Buffer {
  return Buffer.from([VERSION, code, 0, 1, 0, 0, 0, 0, 0, 0]);
}

/** Reads exactly what the protocol needs next from a buffered stream. */
class Reader {
  private buffer = Buffer.alloc(0);
  private waiting: { size: number; resolve: (data: Buffer) => void } | null = null;

  constructor(private readonly socket: Socket) {
    socket.on("data", this.onData);
  }

  private readonly onData = (data: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, data]);
    if (this.buffer.length > 1024) this.socket.destroy();
    this.flush();
  };

  private flush(): void {
    if (this.waiting && this.buffer.length >= this.waiting.size) {
      const { size, resolve } = this.waiting;
      this.waiting = null;
      const out = this.buffer.subarray(0, size);
      this.buffer = this.buffer.subarray(size);
      resolve(out);
    }
  }

  read(size: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting = { size, resolve };
      this.flush();
    });
  }

  /** Stops reading; returns what arrived beyond the handshake. */
  detach(): Buffer {
    this.socket.removeListener("data", this.onData);
    this.socket.pause();
    return this.buffer;
  }
}

function formatIpv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(":");
}

async function handshake(client: Socket, reader: Reader, ctx: ProxyContext): Promise<void> {
  const [version, count] = await reader.read(2);
  if (version !== VERSION) return void client.destroy();
  const methods = await reader.read(count ?? 0);
  if (!methods.includes(0)) return void client.end(Buffer.from([VERSION, 0xff]));
  client.write(Buffer.from([VERSION, 0]));
  const [, command, , addressType] = await reader.read(4);
  let host: string;
  if (addressType === 1) host = [...(await reader.read(4))].join(".");
  else if (addressType === 3) host = (await reader.read((await reader.read(1))[0] ?? 0)).toString("latin1");
  else if (addressType === 4) host = formatIpv6(await reader.read(16));
  else return void client.end(reply(REPLY.addressNotSupported));
  const port = (await reader.read(2)).readUInt16BE(0);
  if (command !== 1) return void client.end(reply(REPLY.commandNotSupported));
  const target = await ctx.policy.target(host, { method: "CONNECT" });
  if (target.type === "unresolvable") return void client.end(reply(REPLY.hostUnreachable));
  if (target.type === "block") {
    const blocked: BlockedRequest = {
      host: target.host,
      port,
      reason: target.reason,
      rule: target.rule,
      protocol: "socks5",
    };
    ctx.onBlocked(blocked);
    return void client.end(reply(REPLY.notAllowed));
  }
  let upstream: Socket;
  try {
    upstream = await connectUpstream(target.address, port);
  } catch {
    return void client.end(reply(REPLY.hostUnreachable));
  }
  const rest = reader.detach();
  client.write(reply(REPLY.succeeded));
  if (rest.length > 0) upstream.write(rest);
  splice(client, upstream);
}

/** Serves one client connection of the SOCKS5 proxy. */
export function serveSocksClient(client: Socket, ctx: ProxyContext): void {
  client.on("error", () => client.destroy());
  const reader = new Reader(client);
  handshake(client, reader, ctx).catch(() => client.destroy());
}
