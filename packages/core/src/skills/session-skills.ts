/**
 * A session's skills: found once, when first needed (the first turn, or a front end asking for the
 * list), and the same for the whole session, as Codex 0.169 lists them once per session.
 */
import type { ResponseItem, SkillInfo, UserInput } from "@codex/protocol";
import type { Config } from "../config/types.ts";
import { discoverSkills, type SkillsFound } from "./discover.ts";
import { mentionedSkills, skillMessage, skillsInstructionsMessage } from "./skill-messages.ts";

export class SessionSkills {
  private found: SkillsFound | null = null;

  constructor(
    private readonly config: Pick<Config, "cwd" | "codexHome">,
    /** Told once about each SKILL.md that was skipped, and about a mentioned skill it cannot read. */
    private readonly warn: (message: string) => void,
  ) {}

  private load(): SkillsFound {
    if (this.found === null) {
      this.found = discoverSkills({ cwd: this.config.cwd, codexHome: this.config.codexHome });
      for (const warning of this.found.warnings) this.warn(warning);
    }
    return this.found;
  }

  /** The `<skills_instructions>` developer message, or null without skills. */
  instructions(): ResponseItem | null {
    return skillsInstructionsMessage(this.load());
  }

  /** One user message per skill `$name`-mentioned in `items`, each with its whole SKILL.md. */
  mentions(items: readonly UserInput[]): ResponseItem[] {
    const messages: ResponseItem[] = [];
    for (const skill of mentionedSkills(items, this.load().skills)) {
      const message = skillMessage(skill);
      if ("error" in message) this.warn(`warning: ${message.error}`);
      else messages.push(message);
    }
    return messages;
  }

  list(): SkillInfo[] {
    return this.load().skills.map(({ name, description, path, scope }) => ({
      name,
      description,
      path,
      scope,
    }));
  }
}
