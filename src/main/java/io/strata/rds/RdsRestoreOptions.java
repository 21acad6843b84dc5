package io.strata.rds;

import io.strata.service.RestoreOption;
import io.strata.service.RestoredTags;
import java.util.List;

/** The restore options of RDS, as the command line, request files and JMX take them. */
public final class RdsRestoreOptions {

    static final RestoreOption INSTANCE_CLASS = RestoreOption.value("instance-class", "CLASS",
            "Class of the restored DB instance or cluster writer, e.g. db.r6g.large (default: the source's).");
    static final RestoreOption REGION = RestoreOption.value("region", "REGION",
            "Restore in this region, from the snapshot copy kept there (default: the recovery point's).");
    static final RestoreOption POINT_IN_TIME = RestoreOption.value("point-in-time", "TIME",
            "Restore a live DB instance or cluster (rds:instance/ID, rds:cluster/ID) as of an ISO-8601 instant, "
                    + "or 'latest'.");

    /** What a restore of a recovery point (a snapshot) takes. */
    static final List<RestoreOption> FROM_SNAPSHOT = List.of(INSTANCE_CLASS, REGION, RestoredTags.KEEP_TAGS);
    /** What a restore of the live source ({@code rds:instance/ID}) takes: all of them. */
    public static final List<RestoreOption> ALL = List.of(INSTANCE_CLASS, REGION, POINT_IN_TIME, RestoredTags.KEEP_TAGS);

    private RdsRestoreOptions() {
    }
}
