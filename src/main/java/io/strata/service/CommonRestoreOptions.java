package io.strata.service;

import java.util.List;

/**
 * The options every restore takes, whatever its service: where to restore ({@code --to}, a request
 * file's {@code target}; EC2 takes its own options instead) and how to bring back archived objects
 * first. They travel beside a service's options, never in them: a service would refuse them.
 */
public final class CommonRestoreOptions {

    // Constants as well as declarations: the annotations of the retrieval options (restore's and verify's) take them.
    public static final String TARGET_HELP = "Target table, DB instance or cluster.";
    public static final String RETRIEVAL_TIER_NAME = "retrieval-tier";
    public static final String RETRIEVAL_TIER_LABEL = "TIER";
    public static final String RESTORE_DAYS_NAME = "restore-days";
    public static final String RESTORE_DAYS_LABEL = "DAYS";
    public static final String RETRIEVAL_TIER_HELP = "Restore archived (GLACIER, DEEP_ARCHIVE) objects first at this "
            + "tier, then wait for them: Expedited (GLACIER only, minutes), Standard (default; hours) or Bulk "
            + "(cheapest, up to 48 h).";
    public static final String RESTORE_DAYS_HELP = "Days the restored copies stay readable (default 3).";

    /** {@code --to TABLE}: the {@link RestoreRequest#target()}; a request file calls it {@code target}. */
    public static final RestoreOption TARGET = RestoreOption.value("to", "TABLE", TARGET_HELP);
    /** The request file's and JMX's name for {@link #TARGET}. */
    public static final String TARGET_FIELD = "target";

    /** Checked by the archive's retrieval (its tiers are S3's), wherever it is given. */
    public static final RestoreOption RETRIEVAL_TIER = RestoreOption.value(RETRIEVAL_TIER_NAME, RETRIEVAL_TIER_LABEL,
            RETRIEVAL_TIER_HELP);
    /** A whole number: a request file gives it as a JSON number. */
    public static final RestoreOption RESTORE_DAYS = RestoreOption.value(RESTORE_DAYS_NAME, RESTORE_DAYS_LABEL,
            RESTORE_DAYS_HELP);

    /** The archive retrieval's options, taken by restore and verify alike. */
    public static final List<RestoreOption> RETRIEVAL = List.of(RETRIEVAL_TIER, RESTORE_DAYS);

    private CommonRestoreOptions() {
    }
}
