/** /approvals: picks one of the approval presets (policy + sandbox) for the coming turns. */
import { APPROVAL_PRESETS, currentApprovalPreset, presetSandboxPolicy } from "../features/session-presets.ts";
import type { SlashCommand } from "./command.ts";
import { notice } from "./notice.ts";

export const approvalsCommand: SlashCommand = {
  name: "approvals",
  description: "choose what Codex can do without approval",
  availableDuringTask: false,
  run(state) {
    const current = currentApprovalPreset(state.transcript.session);
    state.picker = {
      title: "Select approval mode",
      rows: APPROVAL_PRESETS.map((p, i) => ({
        label: `${i + 1}. ${p.label}${i === current ? " (current)" : ""}`,
        description: p.description,
      })),
      selected: Math.max(0, current),
      choose: (s, i) => {
        const p = APPROVAL_PRESETS[i];
        if (!p) return [];
        notice(s, "info", `Approval mode: ${p.label}`);
        return [
          {
            type: "submit",
            op: {
              type: "override_turn_context",
              approval_policy: p.approval,
              sandbox_policy: presetSandboxPolicy(p.sandbox),
            },
          },
        ];
      },
    };
    return [];
  },
};
