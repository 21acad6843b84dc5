package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.vault.thaw.ThawRetrieval;
import io.strata.exit.ExitCode;
import io.strata.run.Recoveries;
import io.strata.service.RestoreRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code strata restore RECOVERY_POINT --to NAME} (or EC2's {@code --launch}, {@code --volume}): a recovery point through its service, or a
 * native export ({@code s3://bucket/prefix}) through the service that knows it.
 */
@Command(name = "restore", description = "Restore a recovery point (or s3://bucket/prefix of a native export): "
        + "--to TABLE for DynamoDB; --to NEW_ID for RDS (or rds:instance/ID | rds:cluster/ID --point-in-time T); "
        + "--launch [--dry-run] [--keep-tags] or --volume DEVICE --availability-zone AZ for EC2.")
public final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', s3://bucket/prefix, or rds:instance/ID.")
    String source;

    @Option(names = "--to", paramLabel = "TABLE", description = "Target table, DB instance or cluster.")
    String target;

    @Option(names = "--launch", description = "EC2: launch an instance that recreates the backed-up server.")
    boolean launch;

    @Option(names = "--dry-run", description = "EC2 --launch: print the RunInstances request, launch nothing.")
    boolean dryRun;

    @Option(names = "--keep-tags", description = "EC2 --launch: also copy the tags a configured plan selects instances "
            + "on (left off by default, so that no plan backs up the new instance as a second copy of the original).")
    boolean keepTags;

    @Option(names = "--volume", paramLabel = "DEVICE", description = "EC2: create a volume from this device's snapshot, e.g. /dev/sdf.")
    String volume;

    @Option(names = "--availability-zone", paramLabel = "AZ", description = "EC2 --volume: the zone of the new volume.")
    String availabilityZone;

    @Spec
    CommandSpec spec;

    @Option(names = "--overwrite", description = "Write into an existing table that holds items.")
    boolean overwrite;

    @Option(names = "--keep-partial", description = "Keep a table this restore created if the restore fails (deleted otherwise).")
    boolean keepPartial;

    @Option(names = "--key", paramLabel = "HASH:TYPE[,RANGE:TYPE]",
            description = "Keys of the new table, for a native export (it carries no schema), e.g. pk:S,sk:N.")
    String keys;

    @Option(names = "--instance-class", paramLabel = "CLASS",
            description = "RDS: class of the restored DB instance or cluster writer, e.g. db.r6g.large (default: the source's).")
    String instanceClass;

    @Option(names = "--region", paramLabel = "REGION",
            description = "RDS: restore in this region, from the snapshot copy kept there (default: the recovery point's).")
    String region;

    @Option(names = "--point-in-time", paramLabel = "TIME",
            description = "RDS: restore rds:instance/ID or rds:cluster/ID as of an ISO-8601 instant, or 'latest'.")
    String pointInTime;

    @Mixin
    RetrievalOptions archived;

    @Override
    public Integer call() throws Exception {
        if (target == null && !launch && volume == null) {
            // Every restore needs a target of some kind; which one a service takes is its own check.
            throw new ParameterException(spec.commandLine(), "Missing required option: '--to=TABLE' "
                    + "(or, for an EC2 recovery point, --launch or --volume DEVICE)");
        }
        checkSource();
        RestoreRequest request = new RestoreRequest(target, options());
        Optional<ThawRetrieval> retrieval = archived.retrieval();
        // Through direct:restore-request, as a restore request file goes.
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            System.out.println(runtime.restore(source, request, retrieval));
            return ExitCode.OK.code();
        }
    }

    /**
     * A live resource ({@code rds:instance/ID}) or an {@code s3://} URI (a recovery point in another bucket,
     * or a native export) is its service's to judge; anything else must be a recovery point as
     * {@code strata list} prints it, checked before anything starts.
     */
    private void checkSource() {
        String text = source.trim();
        if (!Recoveries.namesLiveResource(text) && !text.startsWith("s3://")) {
            Arguments.recoveryPoint(spec, text);
        }
    }

    /** Only the options given, so that a service can refuse one it does not take. */
    private Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        if (overwrite) {
            options.put("overwrite", "true");
        }
        if (keepPartial) {
            options.put("keep-partial", "true");
        }
        if (keys != null) {
            options.put("key", keys);
        }
        if (instanceClass != null) {
            options.put("instance-class", instanceClass);
        }
        if (region != null) {
            options.put("region", region);
        }
        if (pointInTime != null) {
            options.put("point-in-time", pointInTime);
        }
        if (launch) {
            options.put("launch", "true");
        }
        if (dryRun) {
            options.put("dry-run", "true");
        }
        if (keepTags) {
            options.put("keep-tags", "true");
        }
        if (volume != null) {
            options.put("volume", volume);
        }
        if (availabilityZone != null) {
            options.put("availability-zone", availabilityZone);
        }
        return options;
    }
}
