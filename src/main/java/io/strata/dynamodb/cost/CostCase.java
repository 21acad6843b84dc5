package io.strata.dynamodb.cost;

import io.strata.vault.StorageTier;
import java.util.function.LongFunction;

/**
 * The table and plan an estimate is for.
 *
 * @param tableGib         the table's size in GiB (as DynamoDB bills, 2^30 bytes)
 * @param dailyChange      the share of the table written (inserted, updated or deleted) per day, 0.01 for 1 %
 * @param keepDays         how long every recovery point is kept
 * @param fullEveryDays    between full exports, in the full + incremental mode
 * @param incrementalHours between incremental exports
 * @param itemKib          the average item size in KiB (a write request unit writes 1 KB of one item)
 * @param tiering          the plan's tiering as written ({@code 7d:GLACIER_IR}), empty for none
 * @param tierAt           the S3 class of a vault object of an age in days, as that tiering moves it
 */
public record CostCase(double tableGib, double dailyChange, int keepDays, int fullEveryDays, int incrementalHours,
                       double itemKib, String tiering, LongFunction<StorageTier> tierAt) {

    /** The README's worked example: 1 TiB, 1 % changed a day, kept 35 days, full weekly, incrementals every 6 h. */
    public static CostCase example(String tiering, LongFunction<StorageTier> tierAt) {
        return new CostCase(1024, 0.01, 35, 7, 6, 1, tiering, tierAt);
    }

    public CostCase {
        if (!(tableGib > 0) || !(dailyChange >= 0 && dailyChange <= 1) || keepDays < 1 || fullEveryDays < 1
                || incrementalHours < 1 || incrementalHours > 24 || !(itemKib > 0)) {
            throw new IllegalArgumentException("a table of more than 0 GiB, a daily change of 0-100 %, at least a day "
                    + "kept, a full export every day or more, incrementals every 1-24 hours (AWS's window: 15 min to "
                    + "24 h) and items of more than 0 KiB");
        }
    }
}
