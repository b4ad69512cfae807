/** Opening the upstream connection and splicing two sockets together. */
import type { Socket } from "node:net";

/** `node:net`, loaded on first use: importing it costs every start (docs/performance.md). */
const net = () => process.getBuiltinModule("node:net");

/** Connects to `address:port`; resolves once connected, rejects with the connection error. */
export function connectUpstream(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net().createConnection({ host: address, port });
    socket.once("connect", () => {
      socket.removeListener("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Copies both ways until either side ends or fails; then both are closed. */
export function splice(a: Socket, b: Socket): void {
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on("error", close);
  b.on("error", close);
  a.pipe(b);
  b.pipe(a);
  a.on("close", () => b.end());
  b.on("close", () => a.end());
}
