package io.strata.app;

import io.strata.archive.ArchiveCron;
import io.strata.monitor.VerifySchedule;
import io.strata.archive.Forgetting;
import io.strata.config.AwsClients;
import io.strata.config.SettingsCheck;
import io.strata.config.SettingsKeys;
import io.strata.config.SettingsLoader;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.dynamodb.RawScanItems;
import io.strata.monitor.RestoreTestPlans;
import io.strata.hold.Holds;
import io.strata.monitor.HttpSettings;
import io.strata.monitor.NotifySettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.BackupService;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.Vault;
import io.strata.vault.VaultSettings;
import io.strata.vault.lock.BucketProtections;
import io.strata.vault.lock.Protection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root: the one place that builds what Strata runs on — embedded AWS in local mode,
 * the SDK clients, the vault, the plans, the services — for every command, the daemon and the demo.
 * Camel is built only for the commands that route ({@link #runtime()}); the others never load it.
 * Closing it releases what it built (clients it was given belong to their creator).
 */
public final class Composition implements AutoCloseable {

    private final Path home;
    private final StrataSettings settings;
    private final PlanCatalog plans;
    private final ArchivePolicies archivePolicies;
    private final RestoreTestPlans restoreTestPlans;
    private final AwsClients clients;
    private final Vault vault;
    private final ServiceRegistry services;
    private final Function<Region, S3Client> regionalS3;
    private final Clock clock;
    private final StopSignal stop;
    private final AutoCloseable owned;
    /** The vault's start-up checks; done at once unless {@link #openWhileStarting} left them running. */
    private CompletableFuture<Void> vaultChecked = CompletableFuture.completedFuture(null);

    private Composition(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                        ServiceRegistry services, Function<Region, S3Client> regionalS3, Clock clock, StopSignal stop,
                        AutoCloseable owned) {
        this.home = home;
        this.settings = settings;
        this.plans = plans;
        this.archivePolicies = ArchivePolicies.from(settings.properties(), plans);
        this.restoreTestPlans = RestoreTestPlans.from(settings.properties(), plans);
        this.clients = clients;
        this.vault = vault;
        this.services = services;
        this.regionalS3 = regionalS3;
        this.clock = clock;
        this.stop = stop;
        this.owned = owned;
    }

    /**
     * From the layered settings (application.properties, {@code configFile}, the environment, then {@code overrides}).
     * @param forceLocal start the embedded services whatever {@code strata.local} says
     * @param stop       set on SIGTERM: long work stops cleanly
     * @param checkVault read the bucket's Object Lock configuration and fail on what {@code strata.vault.require}
     *                   names and the bucket lacks; false only for {@code strata vault check}, which reports them
     * @param added      services composed beside the built-in ones (a test's own service)
     */
    public static Composition open(Path home, Path configFile, Map<String, String> overrides, boolean forceLocal,
                                   StopSignal stop, boolean checkVault, List<BackupService> added) {
        return open(home, configFile, overrides, forceLocal, stop, checkVault, added, false, AwsClients.Http.POOLED);
    }

    /**
     * As {@link #open(Path, Path, Map, boolean, StopSignal, boolean, List)} with the vault's checks, for the
     * daemon: the checks are requests to S3 that need nothing of Camel, so they run on a thread of their own
     * while Camel starts, and {@link StrataRuntime#start()} waits for them before anything can run (a plan, a
     * trigger, JMX). A check that fails stops the start with the error it always gave.
     */
    public static Composition openWhileStarting(Path home, Path configFile, Map<String, String> overrides,
                                                StopSignal stop, List<BackupService> added) {
        return open(home, configFile, overrides, false, stop, true, added, true, AwsClients.Http.POOLED);
    }

    /**
     * For a short read-only command ({@code list}, {@code status}, …): as {@link #open(Path, Path, Map, boolean,
     * StopSignal, boolean, List)}, its SDK clients sharing one lean HTTP client ({@link AwsClients.Http#SHORT}).
     */
    public static Composition openShort(Path home, Path configFile, Map<String, String> overrides, StopSignal stop,
                                        boolean checkVault, List<BackupService> added) {
        return open(home, configFile, overrides, false, stop, checkVault, added, false, AwsClients.Http.SHORT);
    }

    private static Composition open(Path home, Path configFile, Map<String, String> overrides, boolean forceLocal,
                                    StopSignal stop, boolean checkVault, List<BackupService> added,
                                    boolean checkWhileStarting, AwsClients.Http http) {
        SettingsKeys keys = Services.settings();
        SettingsLoader loader = SettingsLoader.fromProcess(keys);
        Properties properties = loader.load(home, configFile);
        overrides.forEach(properties::setProperty);
        // Before anything starts: a key no component reads stops every command, naming it.
        new SettingsCheck(keys).check(properties, loader.origins());
        boolean local = forceLocal || StrataSettings.local(properties);
        LocalMode localMode = local ? LocalMode.start(properties) : null;
        if (localMode != null) {
            properties.putAll(localMode.settings(properties));
            // The embedded S3 holds only what local mode made: the vault bucket is created when missing.
            properties.setProperty("strata.vault.create-bucket", "true");
        }
        AwsClients clients = null;
        CompletableFuture<Void> early = CompletableFuture.completedFuture(null);
        try {
            StrataSettings settings = StrataSettings.from(properties);
            Protection.required(VaultSettings.from(properties).require()); // a typo in a name fails before any request
            PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
            ArchiveCron.read(properties);
            HttpSettings.from(properties); // a bad port or notification setting stops every command, not only the daemon
            NotifySettings.from(properties);
            VerifySchedule.read(properties);
            clients = new AwsClients(settings, List.of(new RawScanItems()), http); // acts only on Scans that ask for it
            // Every command's services hold the DynamoDB client: it is built on a second core while the vault's
            // S3 client is built and checked (a build that fails here fails again, reported, where it is used).
            early = CompletableFuture.runAsync(clients::dynamoDb, Composition::daemon);
            Clock clock = Clock.systemUTC();
            Vault vault = Vault.from(clients.s3(), clients::kms, settings, clock);
            AwsClients built = clients;
            Composition composition = new Composition(home, settings, plans, clients, vault,
                    Services.registry(clients, vault, settings, clock, stop, added), clients::s3, clock, stop, () -> {
                        built.close();
                        closeQuietly(localMode);
                    });
            if (checkWhileStarting) {
                composition.vaultChecked = CompletableFuture.runAsync(() -> composition.checkVault(true),
                        Composition::daemon);
            } else {
                composition.checkVault(checkVault);
            }
            return composition;
        } catch (RuntimeException e) {
            early.handle((made, failed) -> null).join(); // a client built after close() would never be closed
            if (clients != null) {
                clients.close();
            }
            closeQuietly(localMode);
            throw e;
        }
    }

    /** Around clients and a vault built by the caller (tests, embedding); plans' second vaults through {@code clients}. */
    public static Composition of(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                                 Clock clock, StopSignal stop) {
        return new Composition(home, settings, plans, clients, vault,
                Services.registry(clients, vault, settings, clock, stop), clients::s3, clock, stop, null);
    }

    /** Around the caller's services; plans' second vaults are reached through the vault's own client, in its region. */
    public static Composition of(Path home, StrataSettings settings, PlanCatalog plans, ServiceRegistry services,
                                 Vault vault, Clock clock, StopSignal stop) {
        return new Composition(home, settings, plans, null, vault, services, region -> vault.s3(), clock, stop, null);
    }

    private void checkVault(boolean withProtections) {
        if (withProtections) {
            VaultSettings vaultSettings = vaultSettings();
            vault.checkBucket(vaultSettings.createBucket());
            BucketProtections.of(vault, clock).require(Protection.required(vaultSettings.require()));
        } else {
            vault.checkBucketExists(false);
        }
    }

    /** Waits for the vault's start-up checks; their failure is thrown as the check threw it. */
    void awaitVaultChecked() {
        try {
            vaultChecked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            if (e.getCause() instanceof Error failed) {
                throw failed;
            }
            throw e;
        }
    }

    /** A start-up step on a thread of its own, which never keeps the JVM alive. */
    private static void daemon(Runnable step) {
        Thread thread = new Thread(step, "strata-start-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Camel with Strata's routes and beans, for the commands that route; not yet started. */
    public StrataRuntime runtime() {
        return new StrataRuntime(this);
    }

    /** {@code strata forget}: one recovery point and its copies deleted through the archive's expiry. */
    public Forgetting forgetting() {
        VaultCopies copies = new VaultCopies(archivePolicies, vault, regionalS3, false, stop::requested);
        return new Forgetting(services, vault, archivePolicies, copies, clock, holds()::heldBecause);
    }

    /** {@code strata hold} and {@code strata release}, and what {@code forget} and {@code status} read holds with. */
    public Holds holds() {
        return new Holds(vault, clock);
    }

    /** The folder holding application.properties and routes/. */
    public Path home() {
        return home;
    }

    public StrataSettings settings() {
        return settings;
    }

    /** The {@code strata.vault.*} settings as read. */
    public VaultSettings vaultSettings() {
        return VaultSettings.from(settings.properties());
    }

    public PlanCatalog plans() {
        return plans;
    }

    /** Each plan's retention, tiering and second vault, checked at start-up. */
    public ArchivePolicies archivePolicies() {
        return archivePolicies;
    }

    /** Which plans restore-test their resources, and how often, checked at start-up. */
    public RestoreTestPlans restoreTestPlans() {
        return restoreTestPlans;
    }

    /** The SDK clients; absent when the composition was built around the caller's services. */
    public AwsClients clients() {
        if (clients == null) {
            throw new IllegalStateException("this composition was given its services, not clients");
        }
        return clients;
    }

    public Vault vault() {
        return vault;
    }

    /** The services, for commands that dispatch on a recovery point's service. */
    public ServiceRegistry services() {
        return services;
    }

    /** S3 clients per region, for plans' second vaults. */
    public Function<Region, S3Client> regionalS3() {
        return regionalS3;
    }

    public StopSignal stop() {
        return stop;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        vaultChecked.handle((checked, failed) -> null).join(); // its requests use the clients closed here
        closeQuietly(owned);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down
            }
        }
    }
}
