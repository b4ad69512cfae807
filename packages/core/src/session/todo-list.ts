/**
 * The turn's `todo_list` item, driven by `plan_update` events from the plan tool: started on the
 * first plan, updated on later ones, completed (with the last state) when the turn ends.
 */
import type { EventMsg, PlanStep, TodoListItem } from "@codex/protocol";

export class TodoListTracker {
  private item: TodoListItem | null = null;

  constructor(
    private readonly emit: (msg: EventMsg) => void,
    private readonly nextItemId: () => string,
  ) {}

  onPlan(plan: readonly PlanStep[]): void {
    const items = plan.map((step) => ({ text: step.step, completed: step.status === "completed" }));
    if (this.item === null) {
      this.item = { id: this.nextItemId(), type: "todo_list", items };
      this.emit({ type: "item_started", item: this.item });
    } else {
      this.item = { ...this.item, items };
      this.emit({ type: "item_updated", item: this.item });
    }
  }

  finish(): void {
    if (this.item !== null) this.emit({ type: "item_completed", item: this.item });
    this.item = null;
  }
}
