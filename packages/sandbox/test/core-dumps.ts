/**
 * Core dumps in tests: whether this host writes them as files next to the crashing process, a way
 * to start a process allowed to dump one, and who dumped a core (its NT_PRPSINFO note), so a test
 * can tell the command's core from one its supervisor or codex dumped over it.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";

/** Crashes here leave `core…` in the crashing process's directory, and the limit can be raised. */
export const PLAIN_CORE_FILES =
  process.platform === "linux" &&
  !/^[|/]/.test(readFileSync("/proc/sys/kernel/core_pattern", "utf8")) &&
  Bun.spawnSync(["sh", "-c", "ulimit -c unlimited"]).exitCode === 0;

/** `argv` run by a shell that allows core dumps and then becomes it (same pid, same descriptors). */
export function allowingCores(argv: readonly string[]): string[] {
  return ["sh", "-c", 'ulimit -c unlimited && exec "$@"', "sh", ...argv];
}

/** The command line (`pr_psargs`) of whoever dumped each `core…` file in `dir`. */
export function coreOwners(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith("core"))
    .map((name) => corePsargs(join(dir, name)));
}

/** Reads `pr_psargs` from an x86-64 or arm64 ELF core's NT_PRPSINFO note, without reading the rest. */
function corePsargs(path: string): string {
  const fd = openSync(path, "r");
  try {
    const at = (offset: number, length: number) => {
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, offset);
      return buffer;
    };
    const header = at(0, 64);
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    for (let i = 0; i < header.readUInt16LE(56); i++) {
      const ph = at(phoff + i * phentsize, phentsize);
      if (ph.readUInt32LE(0) !== 4) continue; // PT_NOTE
      const notes = at(Number(ph.readBigUInt64LE(8)), Number(ph.readBigUInt64LE(32)));
      for (let offset = 0; offset + 12 <= notes.length; ) {
        const [namesz, descsz, type] = [0, 4, 8].map((n) => notes.readUInt32LE(offset + n)) as [
          number,
          number,
          number,
        ];
        const desc = offset + 12 + Math.ceil(namesz / 4) * 4;
        // struct elf_prpsinfo (64-bit): pr_fname[16] at 40, pr_psargs[80] at 56
        if (type === 3)
          return notes
            .subarray(desc + 56, desc + 136)
            .toString("latin1")
            .replace(/[\0 ]+$/, "");
        offset = desc + Math.ceil(descsz / 4) * 4;
      }
    }
    return "";
  } finally {
    closeSync(fd);
  }
}
