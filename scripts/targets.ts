/** The platforms we build and ship: Bun's compile target and npm's `os`/`cpu` names for each. */
export type Target = {
  /** Our name, used in file and package names: `linux-x64`, …, `windows-x64`. */
  name: string;
  /** `bun build --compile --target=…` */
  bunTarget: string;
  /** npm's `os` and `cpu` (Node's `process.platform` and `process.arch`). */
  os: "linux" | "darwin" | "win32";
  cpu: "x64" | "arm64";
  /** The executable's file name on that platform. */
  executable: "codex" | "codex.exe";
};

export const TARGETS: readonly Target[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64", os: "linux", cpu: "x64", executable: "codex" },
  { name: "linux-arm64", bunTarget: "bun-linux-arm64", os: "linux", cpu: "arm64", executable: "codex" },
  { name: "darwin-x64", bunTarget: "bun-darwin-x64", os: "darwin", cpu: "x64", executable: "codex" },
  { name: "darwin-arm64", bunTarget: "bun-darwin-arm64", os: "darwin", cpu: "arm64", executable: "codex" },
  { name: "windows-x64", bunTarget: "bun-windows-x64", os: "win32", cpu: "x64", executable: "codex.exe" },
];

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (target === undefined) {
    throw new Error(`unknown target "${name}"; choose one of: ${TARGETS.map((t) => t.name).join(", ")}`);
  }
  return target;
}

/** The target of the machine running this script, or undefined when we do not ship one for it. */
export function hostTarget(): Target | undefined {
  return TARGETS.find((t) => t.os === process.platform && t.cpu === process.arch);
}
