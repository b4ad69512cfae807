/**
 * Finds the hooks a session runs, as Codex 0.169 does: `hooks.json` and `[hooks]` of config.toml
 * in `$CODEX_HOME`, then in each trusted project `.codex` folder. A hook runs only when trusted:
 * `[hooks.state."<key>"] trusted_hash` in the user's config.toml equals the hook's hash (0.169's
 * key and hash, so trust given there holds here), or with `--dangerously-bypass-hook-trust`. A
 * hook whose definition changed no longer matches its hash and stops running until trusted again.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";

/** The events this build runs, with 0.169's names and key labels. */
const HOOK_EVENTS = {
  SessionStart: "session_start",
  UserPromptSubmit: "user_prompt_submit",
  PreToolUse: "pre_tool_use",
  PostToolUse: "post_tool_use",
  Stop: "stop",
} as const;
export type HookEventName = keyof typeof HOOK_EVENTS;

/** Events whose groups keep their `matcher` (0.169 ignores it for the others). */
const MATCHED: ReadonlySet<HookEventName> = new Set(["SessionStart", "PreToolUse", "PostToolUse"]);
const DEFAULT_TIMEOUT_SEC = 600;

export type HookHandler = {
  event: HookEventName;
  /** null matches everything. */
  matcher: string | null;
  command: string;
  timeoutSec: number;
  statusMessage: string | null;
  /** The file the hook was declared in (hooks.json or config.toml). */
  source: string;
  /** `[hooks.state]` key: `<source>:<event label>:<group>:<handler>`. */
  key: string;
  /** 0.169's `sha256:` hash of the hook's definition. */
  hash: string;
  /** Position among every declared hook (0.169's display order, part of a Stop run id). */
  order: number;
};

export type DiscoveredHooks = {
  /** Hooks that run (trusted, or trust bypassed), in declaration order. */
  handlers: HookHandler[];
  /** Declared hooks that do not run because they are not trusted (or changed since). */
  untrusted: HookHandler[];
  warnings: string[];
};

type HookState = { enabled?: boolean; trusted_hash?: string };

export type DiscoverOptions = {
  codexHome: string;
  /** Trusted project `.codex` folders, root first. */
  projectFolders: readonly string[];
  /** The merged `hooks` config value (for `hooks.state`). */
  hooksConfig: unknown;
  bypassTrust: boolean;
};

export function discoverHooks(options: DiscoverOptions): DiscoveredHooks {
  const result: DiscoveredHooks = { handlers: [], untrusted: [], warnings: [] };
  const states = hookStates(options.hooksConfig);
  const counter = { next: 0 };
  for (const folder of [options.codexHome, ...options.projectFolders]) {
    const json = readHooksJson(join(folder, "hooks.json"), result.warnings);
    const toml = readTomlHooks(join(folder, "config.toml"));
    if (json && toml)
      result.warnings.push(
        `loading hooks from both ${json.source} and ${toml.source}; prefer a single representation for this layer`,
      );
    for (const declared of [json, toml])
      if (declared)
        addHandlers(result, declared.source, declared.events, {
          states,
          bypass: options.bypassTrust,
          counter,
        });
  }
  return result;
}

function hookStates(hooksConfig: unknown): Map<string, HookState> {
  const out = new Map<string, HookState>();
  const state = isTable(hooksConfig) ? hooksConfig.state : undefined;
  if (isTable(state))
    for (const [key, value] of Object.entries(state)) if (isTable(value)) out.set(key, value);
  return out;
}

type Declared = { source: string; events: Record<string, unknown> };

function readHooksJson(path: string, warnings: string[]): Declared | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    warnings.push(`failed to parse hooks config ${path}: ${(error as Error).message}`);
    return null;
  }
  const hooks = isTable(parsed) ? parsed.hooks : undefined;
  if (!isTable(hooks)) {
    warnings.push(`failed to parse hooks config ${path}: expected {"hooks": {"<Event>": [...]}}`);
    return null;
  }
  return Object.keys(hooks).length > 0 ? { source: path, events: hooks } : null;
}

function readTomlHooks(path: string): Declared | null {
  if (!existsSync(path)) return null;
  let table: Record<string, unknown>;
  try {
    table = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return null; // the config loader reports syntax errors
  }
  if (!isTable(table.hooks)) return null;
  const { state: _state, ...events } = table.hooks;
  if (Object.keys(events).length === 0) return null;
  return { source: path, events };
}

function addHandlers(
  result: DiscoveredHooks,
  source: string,
  events: Record<string, unknown>,
  trust: { states: Map<string, HookState>; bypass: boolean; counter: { next: number } },
): void {
  for (const [eventName, groups] of Object.entries(events)) {
    if (!(eventName in HOOK_EVENTS)) {
      result.warnings.push(`hook event ${eventName} in ${source} is not supported by this build; skipped`);
      continue;
    }
    const event = eventName as HookEventName;
    if (!Array.isArray(groups)) {
      result.warnings.push(`failed to parse hooks config ${source}: ${event} must be a list of groups`);
      continue;
    }
    groups.forEach((group: unknown, groupIndex) => {
      if (!isTable(group) || !Array.isArray(group.hooks)) {
        result.warnings.push(
          `failed to parse hooks config ${source}: each ${event} group needs "hooks": [...]`,
        );
        return;
      }
      const matcher = MATCHED.has(event) && typeof group.matcher === "string" ? group.matcher : null;
      if (matcher !== null && !validMatcher(matcher)) {
        result.warnings.push(`invalid matcher ${JSON.stringify(matcher)} in ${source}`);
        return;
      }
      group.hooks.forEach((raw: unknown, handlerIndex) => {
        const at = { event, matcher, source, groupIndex, handlerIndex, order: trust.counter.next };
        const handler = commandHandler(raw, at, result.warnings);
        if (!handler) return;
        trust.counter.next++;
        const state = trust.states.get(handler.key);
        if (state?.enabled === false) return;
        if (trust.bypass || state?.trusted_hash === handler.hash) result.handlers.push(handler);
        else result.untrusted.push(handler);
      });
    });
  }
}

function commandHandler(
  raw: unknown,
  at: {
    event: HookEventName;
    matcher: string | null;
    source: string;
    groupIndex: number;
    handlerIndex: number;
    order: number;
  },
  warnings: string[],
): HookHandler | null {
  if (!isTable(raw)) return null;
  if (raw.type !== "command") {
    warnings.push(`skipping ${String(raw.type)} hook in ${at.source}: only command hooks are supported`);
    return null;
  }
  if (typeof raw.command !== "string" || raw.command.trim() === "") {
    warnings.push(`skipping empty hook command in ${at.source}`);
    return null;
  }
  const timeout = raw.timeout ?? raw.timeoutSec;
  const timeoutSec = Math.max(1, typeof timeout === "number" ? Math.floor(timeout) : DEFAULT_TIMEOUT_SEC);
  const statusMessage = typeof raw.statusMessage === "string" ? raw.statusMessage : null;
  const isAsync = raw.async === true;
  return {
    event: at.event,
    matcher: at.matcher,
    command: raw.command,
    timeoutSec,
    statusMessage,
    source: at.source,
    key: `${at.source}:${HOOK_EVENTS[at.event]}:${at.groupIndex}:${at.handlerIndex}`,
    order: at.order,
    hash: hookHash(at.event, at.matcher, {
      type: "command",
      command: raw.command,
      timeout: timeoutSec,
      async: isAsync,
      ...(statusMessage !== null ? { statusMessage } : {}),
    }),
  };
}

/**
 * 0.169's trust hash: the hook's normalized definition (event label, matcher, the one handler with
 * its timeout filled in) as JSON with keys sorted at every level, compact, SHA-256.
 */
export function hookHash(
  event: HookEventName,
  matcher: string | null,
  handler: Record<string, unknown>,
): string {
  const identity = {
    event_name: HOOK_EVENTS[event],
    hooks: [handler],
    ...(matcher !== null ? { matcher } : {}),
  };
  return `sha256:${new Bun.CryptoHasher("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isTable(value))
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** `*` and "" match everything; words joined by `|` match exactly; anything else is a regex. */
export function matcherMatches(matcher: string | null, input: string): boolean {
  if (matcher === null || matcher === "" || matcher === "*") return true;
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) return matcher.split("|").includes(input);
  try {
    return new RegExp(matcher).test(input);
  } catch {
    return false;
  }
}

function validMatcher(matcher: string): boolean {
  try {
    new RegExp(matcher);
    return true;
  } catch {
    return false;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
