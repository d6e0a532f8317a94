/**
 * Sends one SMS. SNS today; the port is shaped so that another provider can take its place (AWS
 * does not register Saudi sender ids for local companies). Failures are `DeliveryError`s that say
 * whether trying again may help.
 */
export interface SmsSender {
  send(message: {
    /** E.164, e.g. +966512345678. */
    readonly to: string;
    readonly body: string;
    /** The delivery id, for the provider's idempotency and for tracing. */
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }>;
}
