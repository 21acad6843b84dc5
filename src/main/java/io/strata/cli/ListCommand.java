package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.ListResult;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.InterruptedRestore;
import io.strata.service.RestoreWindow;
import io.strata.text.Printable;
import io.strata.vault.Listing;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * {@code strata list [SELECTOR] [--vault BUCKET]}: the committed recovery points, newest first per
 * resource, each with where its data is stored and the GFS class its plan's retention gives it today.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List committed recovery points, optionally of the selected resources.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SELECTOR")
    String selector;

    @Mixin
    OutputOptions output;

    @Option(names = "--vault", paramLabel = "BUCKET", description = "List this bucket (e.g. a plan's copy-to-vault, "
            + "in any region) instead of strata.vault.bucket; points print as s3://BUCKET/… for restore and verify.")
    String bucket;

    @Override
    public Integer call() {
        ResourceSelector parsed = selector == null ? null : Arguments.selector(spec, selector);
        try (Composition environment = strata.openShort()) {
            Vault vault = bucket == null ? environment.vault() : other(environment.vault(), bucket.trim());
            List<BackupService> listed = parsed == null ? environment.services().all()
                    : List.of(environment.services().get(parsed.service()));
            // Asked while the vault is read: DynamoDB's ListTables needs nothing of the listing.
            CompletableFuture<List<InterruptedRestore>> asked = CompletableFuture.supplyAsync(
                    () -> interruptedRestores(listed));
            Listing listing = environment.services().catalog().find(vault, parsed);
            List<InterruptedRestore> interrupted = asked.join();
            output.output().list(ListResult.of(vault.bucket(), bucket == null ? "" : "s3://" + vault.bucket() + "/",
                    listing, environment.archivePolicies().gfsLabels(listing.points(), environment.clock().instant()),
                    interrupted).with(parsed == null ? List.of() : windows(environment.services().get(parsed.service()),
                    parsed)));
            printProblems(listing);
            return ExitCode.of(listing.problems().isEmpty()).code();
        }
    }

    /** The vault's settings over {@code name}, which must exist (in any region: the client follows S3's redirect). */
    private static Vault other(Vault home, String name) {
        try {
            home.s3().headBucket(r -> r.bucket(name));
        } catch (NoSuchBucketException e) {
            throw new VaultException("Bucket '" + name + "' (--vault) does not exist", e);
        }
        return home.readableIn(name);
    }

    /** Each unreadable descriptor on stderr, by key, for a person watching (a script reads them in the result too). */
    public static void printProblems(Listing listing) {
        for (String problem : listing.problems()) {
            System.err.println("strata: unreadable recovery point " + Printable.of(problem));
        }
    }

    /** The live resources' point-in-time windows; a courtesy as below: a failure is said on stderr. */
    private static List<RestoreWindow> windows(BackupService service, ResourceSelector selector) {
        try {
            return service.restoreWindows(selector);
        } catch (RuntimeException e) {
            System.err.println("strata: could not read the point-in-time windows of " + selector + ": "
                    + Printable.of(e.getMessage()));
            return List.of();
        }
    }

    /**
     * Targets that a restore left incomplete, of the services listed (a DynamoDB table tagged
     * strata:restore-incomplete), each with the command that finishes it. Looking is a courtesy: if
     * it fails (no permission to list tables), stderr says so and the listing still stands.
     */
    private static List<InterruptedRestore> interruptedRestores(List<BackupService> services) {
        List<InterruptedRestore> interrupted = new ArrayList<>();
        for (BackupService service : services) {
            try {
                interrupted.addAll(service.interruptedRestores());
            } catch (RuntimeException e) {
                System.err.println("strata: could not look for interrupted " + service.name() + " restores: "
                        + Printable.of(e.getMessage()));
            }
        }
        return interrupted;
    }
}
