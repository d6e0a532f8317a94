import type { Approval } from '../../../shared/cycles/approval-record.ts';
import type { ApprovalRepository } from '../../../shared/cycles/ports.ts';

/** Approval requests kept in a map, with the conditional update the DynamoDB adapter makes. */
export class InMemoryApprovals implements ApprovalRepository {
  readonly items = new Map<string, Approval>();
  async create(approval: Approval) {
    this.items.set(approval.requestId, approval);
  }
  async get(requestId: string) {
    return this.items.get(requestId);
  }
  async list() {
    return [...this.items.values()];
  }
  async update(approval: Approval, expected: Approval['status']) {
    if (this.items.get(approval.requestId)?.status !== expected) return false;
    this.items.set(approval.requestId, approval);
    return true;
  }
}
