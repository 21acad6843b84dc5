package io.strata.thaw;

import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * How to bring archived (GLACIER, DEEP_ARCHIVE) objects back before a restore or verify reads them:
 * the RestoreObject retrieval tier and how many days the restored copies stay readable. Absent
 * (no {@code --retrieval-tier}, no {@code --restore-days}), nothing is requested and a command that
 * meets an archived object says what to run instead.
 */
public record ThawRetrieval(Tier tier, int days) {

    public static final Tier DEFAULT_TIER = Tier.STANDARD;
    public static final int DEFAULT_DAYS = 3;
    public static final ThawRetrieval DEFAULT = new ThawRetrieval(DEFAULT_TIER, DEFAULT_DAYS);

    public ThawRetrieval {
        if (tier == null || tier == Tier.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("a retrieval tier is Expedited, Standard or Bulk");
        }
        days(days);
    }

    /** The retrieval the user asked for: empty when neither is given, the defaults for the one not given. */
    public static Optional<ThawRetrieval> of(String tier, Integer days) {
        if (tier == null && days == null) {
            return Optional.empty();
        }
        return Optional.of(new ThawRetrieval(tier == null ? DEFAULT_TIER : tier(tier),
                days == null ? DEFAULT_DAYS : days));
    }

    /** {@code Expedited}, {@code Standard} or {@code Bulk}, in any case; the reason otherwise (the caller names the option). */
    public static Tier tier(String text) {
        String trimmed = text.trim();
        return Arrays.stream(Tier.values()).filter(t -> t != Tier.UNKNOWN_TO_SDK_VERSION)
                .filter(t -> t.toString().equalsIgnoreCase(trimmed)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be Expedited, Standard or Bulk, not '" + trimmed + "'"));
    }

    /** At least one day: AWS deletes a restored copy after this many days. */
    public static int days(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("must be at least 1 (days a restored copy stays readable), not " + days);
        }
        return days;
    }

    /** As the command line takes it: {@code --retrieval-tier Standard --restore-days 3}. */
    public String flags() {
        return "--retrieval-tier " + tier + " --restore-days " + days;
    }

    @Override
    public String toString() {
        return tier + ", " + days + " day" + (days == 1 ? "" : "s");
    }
}
