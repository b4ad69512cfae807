/**
 * What stands for a file's content while it is unchanged: device and inode, size, and modification
 * and change times in nanoseconds. The kept preview and the turn diff trust a text they hold only
 * while the file's stamp is the one taken with it.
 */
import { statSync } from "node:fs";

/** The file a path names (`file`: device and inode) and its stamp; null when nothing is there. */
export function fileStamp(path: string): { file: string; stamp: string } | null {
  try {
    const stat = statSync(path, { bigint: true });
    const file = `${stat.dev}:${stat.ino}`;
    return { file, stamp: `${file}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` };
  } catch {
    return null;
  }
}
