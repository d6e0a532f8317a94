/** Sends one email with a plain-text and an HTML part. Failures are `DeliveryError`s. */
export interface EmailSender {
  send(message: {
    readonly to: string;
    readonly subject: string;
    readonly text: string;
    readonly html: string;
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }>;
}
