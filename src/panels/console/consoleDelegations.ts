import type { RunEvent } from "../../engine/events";

/** Where a delegation's row is, and who works in it. */
export interface DelegationSlot {
  id: string;
  /** Key of the delegation's console row. */
  key: string;
  to: string;
  taskId: string;
  open: boolean;
}

/** The delegations of a log, so the coworker's events can be nested under the row of the call that asked for them. */
export class DelegationIndex {
  private readonly byId = new Map<string, DelegationSlot>();
  private readonly open: DelegationSlot[] = [];

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): DelegationSlot | undefined {
    return this.byId.get(id);
  }

  start(slot: Omit<DelegationSlot, "open">): void {
    const full = { ...slot, open: true };
    this.byId.set(slot.id, full);
    this.open.push(full);
  }

  finish(id: string): DelegationSlot | undefined {
    const slot = this.byId.get(id);
    if (!slot) return undefined;
    slot.open = false;
    this.open.splice(this.open.indexOf(slot), 1);
    return slot;
  }

  /**
   * The delegation an event belongs to: the one its parentId names, else, for an event of an agent that names none, the
   * open delegation to that agent on the same task.
   */
  parentOf(e: RunEvent): DelegationSlot | undefined {
    if (this.byId.size === 0) return undefined;
    const named = e.parentId !== undefined ? this.byId.get(e.parentId) : undefined;
    if (named) return named;
    const agentId = "agentId" in e ? e.agentId : null;
    if (!agentId || e.type === "task.started") return undefined;
    const taskId = "taskId" in e ? e.taskId : undefined;
    return this.open.findLast((x) => x.to === agentId && (taskId === undefined || x.taskId === taskId));
  }
}
