/** `--help` text in the layout Codex CLI users know (clap's long help). */
import type { CommandSpec, OptionSpec, PositionalSpec } from "./spec.ts";

const WIDTH = 100;

function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line && line.length + word.length + 1 > WIDTH - indent) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  const pad = " ".repeat(indent);
  return lines.map((l) => (l ? pad + l : "")).join("\n");
}

function positionalLabel(p: PositionalSpec): string {
  const name = p.required ? `<${p.name}>` : `[${p.name}]`;
  return p.trailing ? `${name}...` : name;
}

export function usageLine(spec: CommandSpec, path: string[]): string {
  const parts = [path.join(" "), "[OPTIONS]", ...spec.positionals.map(positionalLabel)];
  if (spec.subcommands?.length) parts.push(spec.subcommandRequired ? "<COMMAND>" : "[COMMAND]");
  return `Usage: ${parts.join(" ")}`;
}

function optionLabel(o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : "    ";
  const value = o.value ? ` <${o.value}>${o.multiple && o.commaSeparated ? "..." : ""}` : "";
  return `  ${short}--${o.long}${value}`;
}

function optionBody(o: OptionSpec): string {
  const parts = [o.help];
  if (o.visibleAliases?.length) parts[0] += ` [aliases: --${o.visibleAliases.join(", --")}]`;
  if (o.possible && o.possibleHelp) {
    const rows = o.possible.map((v) => `- ${v}: ${o.possibleHelp?.[v] ?? ""}`);
    parts.push(`Possible values:\n${rows.join("\n")}`);
  } else if (o.possible) {
    const dflt = o.default !== undefined ? `[default: ${o.default}]\n` : "";
    parts.push(`${dflt}[possible values: ${o.possible.join(", ")}]`);
  }
  return parts.join("\n\n");
}

export function renderHelp(spec: CommandSpec, options: { path: string[]; inherited: OptionSpec[] }): string {
  const out: string[] = [spec.about];
  if (spec.details) out.push("", spec.details);
  out.push("", usageLine(spec, options.path));
  const subs = (spec.subcommands ?? []).filter((c) => !c.hidden);
  if (subs.length) {
    out.push("", "Commands:");
    const width = Math.max(...subs.map((c) => c.name.length), 4) + 2;
    for (const c of subs) {
      const alias = c.aliases?.length ? ` [aliases: ${c.aliases.join(", ")}]` : "";
      out.push(`  ${c.name.padEnd(width)}${c.about}${alias}`);
    }
    out.push(`  ${"help".padEnd(width)}Print this message or the help of the given subcommand(s)`);
  }
  if (spec.positionals.length) {
    out.push("", "Arguments:");
    for (const p of spec.positionals) {
      out.push(`  ${positionalLabel(p)}`);
      const extra = p.possible
        ? `\n\n${p.default ? `[default: ${p.default}]\n` : ""}[possible values: ${p.possible.join(", ")}]`
        : "";
      out.push(wrap(p.help + extra, 10), "");
    }
    out.pop();
  }
  const all = [
    ...spec.options,
    ...options.inherited.filter((g) => !spec.options.some((o) => o.long === g.long)),
  ];
  out.push("", "Options:");
  for (const o of all.filter((x) => !x.hidden)) {
    out.push(optionLabel(o), wrap(optionBody(o), 10), "");
  }
  out.push("  -h, --help", wrap("Print help", 10));
  if (spec.version) out.push("", "  -V, --version", wrap("Print version", 10));
  return out.join("\n");
}
