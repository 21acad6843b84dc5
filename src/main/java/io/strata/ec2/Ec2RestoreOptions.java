package io.strata.ec2;

import io.strata.service.RestoreOption;
import io.strata.service.RestoredTags;
import java.util.List;

/**
 * The restore options of EC2, as the command line, request files and JMX take them: an EC2 restore
 * makes an instance ({@code --launch}) or a volume ({@code --volume}), never a named target.
 */
public final class Ec2RestoreOptions {

    static final RestoreOption LAUNCH = RestoreOption.flag("launch",
            "Launch an instance that recreates the backed-up server.").insteadOfTarget();
    static final RestoreOption DRY_RUN = RestoreOption.flag("dry-run",
            "With --launch: print the RunInstances request, launch nothing.");
    /** With --launch (the restorer refuses it with --volume); shared with the other services' restores. */
    static final RestoreOption KEEP_TAGS = RestoredTags.KEEP_TAGS;
    static final RestoreOption VOLUME = RestoreOption.value("volume", "DEVICE",
            "Create a volume from this device's snapshot, e.g. /dev/sdf.").insteadOfTarget();
    static final RestoreOption AVAILABILITY_ZONE = RestoreOption.value("availability-zone", "AZ",
            "With --volume: the zone of the new volume.");

    public static final List<RestoreOption> DECLARED = List.of(LAUNCH, DRY_RUN, KEEP_TAGS, VOLUME, AVAILABILITY_ZONE);

    private Ec2RestoreOptions() {
    }
}
