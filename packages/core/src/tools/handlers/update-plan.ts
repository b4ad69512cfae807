/**
 * `update_plan`: the model's step list. Emits `plan_update` (the session turns it into the
 * turn's `todo_list` item) and answers "Plan updated".
 */
import type { PlanStep, PlanStepStatus } from "@codex/protocol";
import {
  parseFunctionArguments,
  type ToolCall,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
  type ToolRunContext,
} from "../types.ts";

const STATUSES: readonly PlanStepStatus[] = ["pending", "in_progress", "completed"];

function parsePlanArgs(call: ToolCall): { explanation: string | null; plan: PlanStep[] } {
  const args = parseFunctionArguments(call);
  const { explanation, plan } = args;
  if (!Array.isArray(plan))
    throw new ToolInputError("failed to parse function arguments: `plan` must be an array");
  const steps: PlanStep[] = plan.map((item, index) => {
    const step = (item ?? {}) as { step?: unknown; status?: unknown };
    if (typeof step.step !== "string")
      throw new ToolInputError(`failed to parse function arguments: plan[${index}].step must be a string`);
    if (!STATUSES.includes(step.status as PlanStepStatus))
      throw new ToolInputError(
        `failed to parse function arguments: plan[${index}].status must be one of pending, in_progress, completed`,
      );
    return { step: step.step, status: step.status as PlanStepStatus };
  });
  return { explanation: typeof explanation === "string" ? explanation : null, plan: steps };
}

async function run(call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const { explanation, plan } = parsePlanArgs(call);
  ctx.emit({ type: "plan_update", explanation, plan });
  return { output: "Plan updated", success: true };
}

export function createUpdatePlanHandler(): ToolHandler {
  return {
    spec: {
      type: "function",
      name: "update_plan",
      description:
        "Records your plan for the task as a short list of steps, each pending, in_progress or completed. Keep at most one step in_progress; call again whenever a step's status changes, with the whole list.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          explanation: { type: "string", description: "Optional note on why the plan changed." },
          plan: {
            type: "array",
            description: "The steps, in order.",
            items: {
              type: "object",
              properties: {
                step: { type: "string" },
                status: { type: "string", enum: ["pending", "in_progress", "completed"] },
              },
              required: ["step", "status"],
              additionalProperties: false,
            },
          },
        },
        required: ["plan"],
        additionalProperties: false,
      },
    },
    run,
  };
}
