/**
 * The bubblewrap tier's way out to the network proxy. The command runs in a network namespace of
 * its own, whose only listeners are this bridge's: TCP on 127.0.0.1 inside the namespace, each
 * connection relayed to the proxy's Unix socket on the host. Two stages:
 *
 *   codex --codex-proxy-bridge --http SOCKET [--socks SOCKET] -- CMD…   (inside bwrap)
 *   codex --codex-proxy-bridge --exec -- CMD…                           (started by the bridge)
 *
 * The bridge stays unfiltered (it must open Unix sockets) and undumpable (the command cannot
 * write into its memory through /proc); the command stage installs the seccomp filter that
 * leaves the command IP sockets only (which reach nothing but the bridge) and replaces itself
 * with the command.
 */
import type { Server } from "node:net";
import { cString, cStringArray, errno, errnoMessage, libc, ptr, rawSyscall } from "./libc.ts";
import { fail, prctl, resetSignals, SYS_PRCTL, setNoNewPrivs } from "./lockdown.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";
import { sandboxHelperCommand } from "./self-exec.ts";

/** `node:net`, loaded on first use: importing it costs every start (docs/performance.md). */
const net = () => process.getBuiltinModule("node:net");

export const PROXY_BRIDGE_FLAG = "--codex-proxy-bridge";
/** The ports the bridge listens on inside the namespace (free: the namespace is new). */
export const BRIDGE_HTTP_PORT = 3128;
export const BRIDGE_SOCKS_PORT = 8081;

const PR_SET_DUMPABLE = 4;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2;

/** The proxy's Unix sockets a command reaches through the bridge. */
export type ProxyRoute = { httpSocket: string; socksSocket: string | null };

/** The bridge's arguments (after the program that runs it). */
export function proxyBridgeArgs(route: ProxyRoute, command: string[]): string[] {
  const socks = route.socksSocket ? ["--socks", route.socksSocket] : [];
  return [PROXY_BRIDGE_FLAG, "--http", route.httpSocket, ...socks, "--", ...command];
}

type BridgeRequest =
  | { stage: "bridge"; route: ProxyRoute; command: string[] }
  | { stage: "exec"; command: string[] };

export function parseProxyBridgeArgs(args: string[]): BridgeRequest {
  const rest = args[0] === PROXY_BRIDGE_FLAG ? args.slice(1) : args;
  const separator = rest.indexOf("--");
  const command = separator < 0 ? [] : rest.slice(separator + 1);
  const options = separator < 0 ? rest : rest.slice(0, separator);
  if (command.length === 0) throw new Error("no command after --");
  if (options.length === 1 && options[0] === "--exec") return { stage: "exec", command };
  let httpSocket: string | null = null;
  let socksSocket: string | null = null;
  for (let i = 0; i < options.length; i += 2) {
    const value = options[i + 1];
    if (value === undefined) throw new Error(`missing value after ${options[i]}`);
    if (options[i] === "--http") httpSocket = value;
    else if (options[i] === "--socks") socksSocket = value;
    else throw new Error(`unknown argument ${options[i]}`);
  }
  if (httpSocket === null) throw new Error("expected --http SOCKET");
  return { stage: "bridge", route: { httpSocket, socksSocket }, command };
}

/** Relays every TCP connection to 127.0.0.1:`port` to the Unix socket `path`. */
function relay(port: number, path: string): Promise<Server> {
  const server = net().createServer((inside) => {
    const outside = net().createConnection(path);
    const close = () => {
      inside.destroy();
      outside.destroy();
    };
    inside.on("error", close);
    outside.on("error", close);
    inside.pipe(outside);
    outside.pipe(inside);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function runBridge(route: ProxyRoute, command: string[]): Promise<never> {
  // Not dumpable: the command (same user) cannot ptrace it or write its memory via /proc.
  prctl(PR_SET_DUMPABLE, 0);
  try {
    await relay(BRIDGE_HTTP_PORT, route.httpSocket);
    if (route.socksSocket) await relay(BRIDGE_SOCKS_PORT, route.socksSocket);
  } catch (error) {
    fail(`cannot start the network proxy bridge: ${(error as Error).message}; the command was not run`, 1);
  }
  const child = Bun.spawn([...sandboxHelperCommand(), PROXY_BRIDGE_FLAG, "--exec", "--", ...command], {
    stdio: ["inherit", "inherit", "inherit"],
  });
  const code = await child.exited;
  if (child.signalCode) {
    const signal = (await import("node:os")).constants.signals[child.signalCode as "SIGTERM"] ?? 9;
    resetSignals();
    libc().kill(libc().getpid(), signal);
    process.exit(128 + signal);
  }
  process.exit(code);
}

function execCommand(command: string[]): never {
  const arch = currentSeccompArch();
  if (!arch) fail(`seccomp filters are only built for x86-64 and arm64, not ${process.arch}`, 1);
  setNoNewPrivs();
  // bwrap isolates System V IPC and keyrings; the filter leaves IP sockets (the namespace's) only.
  const filter = buildSeccompFilter({ arch, networkDisabled: false, shareHostIpc: false, proxyRouted: true });
  const fprog = new Uint8Array(16);
  const view = new DataView(fprog.buffer);
  view.setUint16(0, filter.length / 8, true);
  view.setBigUint64(8, BigInt(ptr(filter)), true);
  const installed = rawSyscall(SYS_PRCTL, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ptr(fprog), 0, 0);
  if (installed < 0) fail(`installing the seccomp filter failed: ${errnoMessage(-installed)}`, 1);
  const [program, ...rest] = command;
  const file = cString(program!);
  const args = cStringArray([program!, ...rest]);
  const env = Object.entries(process.env).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${value}`],
  );
  const envp = cStringArray(env);
  resetSignals();
  libc().execvpe(ptr(file), ptr(args.array), ptr(envp.array));
  const code = errno();
  void [args.keep, envp.keep];
  fail(`cannot run ${program}: ${errnoMessage(code)}`, code === 2 ? 127 : 126);
}

/** Entry point of the bridge mode (arguments after the program). Never returns. */
export async function runProxyBridge(args: string[]): Promise<never> {
  let request: BridgeRequest;
  try {
    request = parseProxyBridgeArgs(args);
  } catch (error) {
    fail(`bad proxy bridge arguments: ${(error as Error).message}`, 2);
  }
  if (request.stage === "exec") return execCommand(request.command);
  return runBridge(request.route, request.command);
}
