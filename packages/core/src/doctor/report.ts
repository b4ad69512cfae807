/** `codex doctor`'s report: checks grouped in sections, printed for people or as JSON. */

type CheckStatus = "ok" | "warn" | "fail" | "idle";

export type DoctorCheck = {
  section: "Environment" | "Configuration" | "Authentication" | "Sandbox" | "MCP servers" | "Connectivity";
  name: string;
  status: CheckStatus;
  /** One line. */
  summary: string;
  /** `label: value` lines (long lists are cut unless `all`). */
  details: string[];
};

export type RenderOptions = { ascii: boolean; color: boolean; summaryOnly: boolean; all: boolean };

const LABELS: Record<CheckStatus, { ascii: string; fancy: string; color: string }> = {
  ok: { ascii: "[ok]", fancy: "✓", color: "\x1b[32m" },
  warn: { ascii: "[!!]", fancy: "!", color: "\x1b[33m" },
  fail: { ascii: "[xx]", fancy: "✗", color: "\x1b[31m" },
  idle: { ascii: "[--]", fancy: "·", color: "\x1b[2m" },
};

const DETAIL_LIMIT = 12;

function countStatuses(checks: readonly DoctorCheck[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, idle: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

export function renderHuman(checks: readonly DoctorCheck[], header: string, options: RenderOptions): string {
  const lines = [header, ""];
  const nameWidth = Math.max(...checks.map((c) => c.name.length)) + 2;
  let section: string | null = null;
  for (const check of checks) {
    if (check.section !== section) {
      if (section !== null) lines.push("");
      section = check.section;
      lines.push(section);
    }
    const label = LABELS[check.status];
    const mark = options.ascii ? label.ascii : label.fancy;
    const shown = options.color ? `${label.color}${mark}\x1b[0m` : mark;
    lines.push(`  ${shown} ${check.name.padEnd(nameWidth)}${check.summary}`);
    if (options.summaryOnly) continue;
    const details = options.all ? check.details : check.details.slice(0, DETAIL_LIMIT);
    for (const detail of details) lines.push(`      ${detail}`);
    if (details.length < check.details.length)
      lines.push(`      … ${check.details.length - details.length} more (--all shows them)`);
  }
  const counts = countStatuses(checks);
  lines.push("", `${counts.ok} ok | ${counts.warn} warn | ${counts.fail} fail | ${counts.idle} skipped`);
  return `${lines.join("\n")}\n`;
}

export function renderJson(checks: readonly DoctorCheck[], version: string): string {
  return `${JSON.stringify({ version, checks, counts: countStatuses(checks) }, null, 2)}\n`;
}
