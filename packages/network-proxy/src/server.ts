/**
 * The proxy a session owns: an HTTP proxy (CONNECT and absolute-form requests) and a SOCKS5 proxy,
 * each on a Unix socket (what the sandbox's bridge connects to) or a loopback TCP port. Every
 * refused request is reported to `onBlocked`.
 */
import { chmodSync } from "node:fs";
import type { Server, Socket } from "node:net";
import type { BlockedRequest } from "./blocked.ts";
import { type ProxyContext, serveHttpProxyClient } from "./http-proxy.ts";
import type { NetworkPolicy } from "./policy.ts";
import { serveSocksClient } from "./socks5.ts";

/** `node:net`, loaded on first use: importing it costs every start (docs/performance.md). */
const net = () => process.getBuiltinModule("node:net");

export type ListenAddress = { path: string } | { host: "127.0.0.1" | "::1"; port: number };

export type StartProxyOptions = {
  policy: NetworkPolicy;
  http: ListenAddress;
  /** The SOCKS5 listener; none when absent. */
  socks?: ListenAddress;
  onBlocked?: (request: BlockedRequest) => void;
};

export type RunningProxy = {
  /** Where each listener is (a TCP port is the one actually bound). */
  http: ListenAddress;
  socks: ListenAddress | null;
  close(): Promise<void>;
};

function listen(
  serve: (socket: Socket, ctx: ProxyContext) => void,
  address: ListenAddress,
  ctx: ProxyContext,
) {
  const sockets = new Set<Socket>();
  const server = net().createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, ctx);
  });
  return new Promise<{ server: Server; sockets: Set<Socket>; address: ListenAddress }>((resolve, reject) => {
    server.once("error", reject);
    const done = () => {
      server.removeListener("error", reject);
      if ("path" in address) {
        chmodSync(address.path, 0o600);
        resolve({ server, sockets, address });
      } else {
        const bound = server.address();
        const port = typeof bound === "object" && bound ? bound.port : address.port;
        resolve({ server, sockets, address: { host: address.host, port } });
      }
    };
    if ("path" in address) server.listen(address.path, done);
    else server.listen(address.port, address.host, done);
  });
}

export async function startNetworkProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const ctx: ProxyContext = { policy: options.policy, onBlocked: (request) => options.onBlocked?.(request) };
  const http = await listen(serveHttpProxyClient, options.http, ctx);
  let socks: Awaited<ReturnType<typeof listen>> | null = null;
  try {
    if (options.socks) socks = await listen(serveSocksClient, options.socks, ctx);
  } catch (error) {
    http.server.close();
    throw error;
  }
  const listeners = socks ? [http, socks] : [http];
  return {
    http: http.address,
    socks: socks?.address ?? null,
    close: async () => {
      await Promise.all(
        listeners.map(
          (listener) =>
            new Promise<void>((resolve) => {
              listener.server.close(() => resolve());
              for (const socket of listener.sockets) socket.destroy();
            }),
        ),
      );
    },
  };
}
