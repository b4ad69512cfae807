/** A pipe pre-filled with bytes, for a child to read on an inherited descriptor (bwrap's --seccomp 3). */
import { errno, errnoMessage, libc, ptr } from "./libc.ts";

const O_CLOEXEC = 0o2000000;

/**
 * Returns the read end of a pipe that holds `bytes` and then end-of-file. Pass it in the child's
 * stdio array and close it after spawning. `bytes` must fit in the pipe's buffer (64 KiB).
 */
export function readablePipe(bytes: Uint8Array): number {
  const fds = new Int32Array(2);
  if (libc().pipe2(ptr(fds), O_CLOEXEC) !== 0) throw new Error(`pipe: ${errnoMessage(errno())}`);
  const [readFd, writeFd] = [fds[0]!, fds[1]!];
  const written = bytes.length === 0 ? 0 : Number(libc().write(writeFd, ptr(bytes), BigInt(bytes.length)));
  libc().close(writeFd);
  if (written !== bytes.length) {
    libc().close(readFd);
    throw new Error("could not fill the pipe for the sandbox");
  }
  return readFd;
}
