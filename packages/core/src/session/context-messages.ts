/**
 * The context messages a turn starts with: on the first turn, `developer_instructions` (a
 * developer message, as Codex 0.169 sends it), the `<skills_instructions>` developer message listing
 * the session's skills, the `<user_instructions>` (AGENTS.md) and
 * `<environment_context>` messages; later, a fresh environment message when the turn's cwd or
 * policies changed. `include_environment_context = false` leaves the environment out.
 */
import type { ResponseItem } from "@codex/protocol";
import type { Config } from "../config/types.ts";
import {
  detectShellName,
  environmentContextMessage,
  renderEnvironmentContext,
} from "../instructions/environment-context.ts";
import { loadUserInstructions, userInstructionsMessage } from "../instructions/project-doc.ts";
import type { SessionSkills } from "../skills/session-skills.ts";
import type { TurnSettings } from "./turn-runtime.ts";

function developerMessage(text: string): ResponseItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

export class ContextMessages {
  private sent: boolean;
  private lastEnvironment: string | null = null;

  private readonly skills: SessionSkills | null;

  constructor(
    private readonly config: Config,
    options: { alreadySent: boolean; skills?: SessionSkills },
  ) {
    this.sent = options.alreadySent;
    this.skills = options.skills ?? null;
  }

  /** The conversation lost its first turn's context (every turn was rolled back): send it again. */
  forget(): void {
    this.sent = false;
    this.lastEnvironment = null;
  }

  /**
   * The context items for a turn with `settings`. Call `commit()` once they are in the history
   * (a turn that fails before that sends them again next time).
   */
  async prepare(settings: TurnSettings): Promise<{ items: ResponseItem[]; commit: () => void }> {
    const items: ResponseItem[] = [];
    const environment = {
      cwd: settings.cwd,
      approvalPolicy: settings.approvalPolicy,
      sandboxPolicy: settings.sandboxPolicy,
      shell: detectShellName(),
    };
    const rendered = renderEnvironmentContext(environment);
    const withEnvironment = this.config.include_environment_context;
    if (!this.sent) {
      if (this.config.developer_instructions !== null)
        items.push(developerMessage(this.config.developer_instructions));
      const skills = this.skills?.instructions();
      if (skills) items.push(skills);
      const instructions = await loadUserInstructions({
        codexHome: this.config.codexHome,
        cwd: settings.cwd,
        maxBytes: this.config.project_doc_max_bytes,
        fallbackFilenames: this.config.project_doc_fallback_filenames,
      });
      if (instructions !== null) items.push(userInstructionsMessage(instructions));
      if (withEnvironment) items.push(environmentContextMessage(environment));
    } else if (withEnvironment && this.lastEnvironment !== null && this.lastEnvironment !== rendered) {
      items.push(environmentContextMessage(environment));
    }
    const commit = () => {
      this.sent = true;
      this.lastEnvironment = rendered;
    };
    return { items, commit };
  }
}
