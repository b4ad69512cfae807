/** A large repository's file list, deterministic: `n` paths over a few folders and words. */
export function syntheticRepo(n: number): string[] {
  const dirs = [
    "src",
    "packages/core/src",
    "packages/tui/src/views",
    "test/fixtures",
    "docs",
    "scripts",
    "lib/utils",
  ];
  const words = [
    "button",
    "session",
    "config",
    "render",
    "parser",
    "client",
    "index",
    "helpers",
    "widget",
    "state",
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const dir = `${dirs[i % dirs.length]}/${words[(i >> 3) % words.length]}-${i % 97}`;
    out.push(`${dir}/${words[i % words.length]}_${i}.${i % 3 === 0 ? "ts" : i % 3 === 1 ? "md" : "json"}`);
  }
  return out;
}
