package io.strata.monitor;

/** Where a notification goes (an SNS topic, a webhook). */
interface NotificationChannel {

    /** How the log names it: never a secret (a webhook by its host only). */
    String describe();

    /** Sends one message; throws when it was not accepted. */
    void send(Notification notification) throws Exception;
}
