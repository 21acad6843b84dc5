package io.strata.service;

import java.time.Instant;

/**
 * The times a live resource can be restored to from its service's continuous backups (DynamoDB's PITR), as
 * {@code strata list SELECTOR} shows them beside the recovery points.
 *
 * @param resource the resource as a selector names it ({@code dynamodb:orders}), which restore takes
 * @param earliest the earliest restorable time; null when there is none (see {@code note})
 * @param latest   the latest restorable time; null when there is none
 * @param note     why there is no window ("point-in-time recovery off"), or null
 */
public record RestoreWindow(String resource, Instant earliest, Instant latest, String note) {
}
