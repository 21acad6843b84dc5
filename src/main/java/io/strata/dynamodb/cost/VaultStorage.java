package io.strata.dynamodb.cost;

import io.strata.vault.StorageTier;
import java.util.function.LongFunction;

/**
 * What keeping recovery points in the vault costs a month in the steady state: points made at a
 * rate, each kept a number of days, moved between S3 classes by the plan's tiering. S3 bills a
 * class's minimum storage duration (GLACIER_IR 90 days) even when an object leaves it earlier, by
 * expiry or by the next step, and so does this.
 */
final class VaultStorage {

    /** Days in an average month (AWS bills per GB-month of 730 hours). */
    static final double DAYS_PER_MONTH = 365.0 / 12;

    private VaultStorage() {
    }

    /** GiB held at any time: points a month × GiB each × the share of a month each is kept. */
    static double heldGib(double pointsPerMonth, double gibPerPoint, int lifetimeDays) {
        return pointsPerMonth * gibPerPoint * lifetimeDays / DAYS_PER_MONTH;
    }

    /** USD a month for {@code pointsPerMonth} points of {@code gibPerPoint}, each kept {@code lifetimeDays}. */
    static double monthly(double pointsPerMonth, double gibPerPoint, int lifetimeDays, LongFunction<StorageTier> tierAt) {
        return pointsPerMonth * gibPerPoint * dollarsPerGibKept(lifetimeDays, tierAt);
    }

    /** USD one GiB costs over its whole life in the vault, minimum durations included. */
    static double dollarsPerGibKept(int lifetimeDays, LongFunction<StorageTier> tierAt) {
        double dollars = 0;
        int entered = 0;
        StorageTier tier = tierAt.apply(0);
        for (int day = 1; day <= lifetimeDays; day++) {
            StorageTier next = day == lifetimeDays ? null : tierAt.apply(day);
            if (next != tier) {
                int billed = Math.max(day - entered, tier.minimumDays());
                dollars += billed / DAYS_PER_MONTH * tier.pricePerGbMonth();
                entered = day;
                tier = next;
            }
        }
        return dollars;
    }
}
