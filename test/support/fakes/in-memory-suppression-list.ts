import type { SuppressionList } from '../../../shared/notifications/receipt-ports.ts';
import type { Suppression } from '../../../shared/notifications/suppression.ts';

/** The suppression list in memory, with the DynamoDB adapter's conditions. */
export class InMemorySuppressionList implements SuppressionList {
  readonly items = new Map<string, Suppression>();

  private static key(householdId: string, addressHash: string) {
    return `${householdId}|${addressHash}`;
  }

  async suppress(suppression: Suppression) {
    const key = InMemorySuppressionList.key(suppression.householdId, suppression.addressHash);
    const standing = this.items.get(key);
    if (standing && !(standing.lifted !== null && standing.lifted.at < suppression.at))
      return false;
    this.items.set(key, structuredClone(suppression));
    return true;
  }

  async find(householdId: string, addressHash: string) {
    const standing = this.items.get(InMemorySuppressionList.key(householdId, addressHash));
    return standing?.lifted === null ? structuredClone(standing) : undefined;
  }

  async listByHousehold(householdId: string) {
    return [...this.items.values()]
      .filter((item) => item.householdId === householdId)
      .map((item) => structuredClone(item));
  }

  async lift(
    householdId: string,
    addressHash: string,
    lifted: { readonly by: string; readonly reason: string; readonly at: string },
  ) {
    const key = InMemorySuppressionList.key(householdId, addressHash);
    const standing = this.items.get(key);
    if (standing?.lifted !== null || standing === undefined) return false;
    this.items.set(key, { ...standing, lifted: { ...lifted } });
    return true;
  }
}
