/**
 * The tables' secondary index names, apart from the table definitions (table-specs.ts) so that a
 * Lambda that queries an index does not bundle the definitions it never creates.
 */

export const PAYMENTS_BY_CYCLE_INDEX = 'byCycle';
export const OBJECTIONS_BY_HOUSEHOLD_INDEX = 'byHousehold';
/** The objection queue: objections by status, oldest id first (the guard items have no status). */
export const OBJECTIONS_BY_STATUS_INDEX = 'byStatus';
export const DELIVERIES_BY_HOUSEHOLD_INDEX = 'byHousehold';
/** A receipt's delivery by the provider's message id (`providerMessageKey`, set once sent). */
export const DELIVERIES_BY_PROVIDER_MESSAGE_INDEX = 'byProviderMessage';
/**
 * Sent deliveries still waiting for a receipt, by shard and send time: sparse, since
 * `awaitingReceipt` is set when the send is recorded and removed when a receipt or the sweeper
 * settles the delivery, so the sweeper reads only what waits.
 */
export const DELIVERIES_AWAITING_RECEIPT_INDEX = 'byAwaitingReceipt';
/** A cycle's messages, by `cycleShard` (`<cycle>#<shard>`), for `cycle report`. */
export const DELIVERIES_BY_CYCLE_INDEX = 'byCycle';
