package io.strata.cli;

import io.strata.Strata;
import io.strata.dynamodb.ExportSourceResolver;
import io.strata.dynamodb.RestoreOptions;
import io.strata.dynamodb.RestoreResult;
import io.strata.dynamodb.TableRestorer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata restore RECOVERY_POINT --to TABLE}: a Strata recovery point or a native export into a table. */
@Command(name = "restore", description = "Restore a recovery point (or s3://bucket/prefix of a native export) into a table.")
public final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    Strata strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', or s3://bucket/prefix.")
    String source;

    @Option(names = "--to", required = true, paramLabel = "TABLE", description = "Target table.")
    String target;

    @Option(names = "--overwrite", description = "Write into an existing table that holds items.")
    boolean overwrite;

    @Option(names = "--keep-partial", description = "Keep a table this restore created if the restore fails (deleted otherwise).")
    boolean keepPartial;

    @Option(names = "--key", paramLabel = "HASH:TYPE[,RANGE:TYPE]",
            description = "Keys of the new table, for a native export (it carries no schema), e.g. pk:S,sk:N.")
    String keys;

    @Override
    public Integer call() {
        try (StrataEnvironment environment = strata.open()) {
            var exportSource = new ExportSourceResolver(environment.vault()).resolve(source);
            RestoreResult result = environment.restorer().restore(exportSource, target, new RestoreOptions(overwrite, keys, keepPartial));
            System.out.printf("Restored %,d items into %s in %.1fs (%,.0f items/s)%n", result.items(), result.table(),
                    result.seconds(), result.itemsPerSecond());
            return 0;
        }
    }
}
