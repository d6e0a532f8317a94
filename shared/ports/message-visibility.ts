/** Holds a received queue message back, the way SQS's visibility timeout does. */
export interface MessageVisibility {
  holdUntil(receiptHandle: string, notBefore: Date, now: Date): Promise<void>;
}
