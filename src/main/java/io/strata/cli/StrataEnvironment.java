package io.strata.cli;

import io.strata.Services;
import io.strata.archive.ArchivePolicies;
import io.strata.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.SettingsException;
import io.strata.config.SettingsLoader;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.service.BackupService;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.BucketProtections;
import io.strata.vault.Protection;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a command needs, built once from the layered settings: embedded AWS in local mode,
 * the SDK clients, the vault and the plans. Closing it releases all of them.
 */
public final class StrataEnvironment implements AutoCloseable {

    private final Path home;
    private final StrataSettings settings;
    private final PlanCatalog plans;
    private final ArchivePolicies archivePolicies;
    private final AwsClients clients;
    private final Vault vault;
    private final AutoCloseable localAws;
    private final Clock clock = Clock.systemUTC();
    private final StopSignal stop;
    private final ServiceRegistry services;

    private StrataEnvironment(Path home, Properties properties, AutoCloseable localAws, StopSignal stop,
                              List<BackupService> added) {
        this.home = home;
        this.stop = stop;
        this.localAws = localAws;
        this.settings = StrataSettings.from(properties);
        Protection.required(settings.vault().require()); // a typo in a name fails before any request
        this.plans = PlanCatalog.from(properties, Services.selectors()::parse);
        this.archivePolicies = ArchivePolicies.from(properties, plans);
        String archiveCron = properties.getProperty("strata.archive.cron", "");
        if (!archiveCron.isBlank()) {
            PlanCatalog.checkCron("strata.archive.cron", archiveCron.trim());
        }
        this.clients = new AwsClients(settings);
        this.vault = Vault.from(clients.s3(), clients::kms, settings, clock);
        this.services = Services.registry(clients, vault, settings, clock, stop, added);
    }

    /**
     * @param overrides applied over every other source (the demo's own settings, {@code -D} options)
     * @param forceLocal start the embedded services whatever {@code strata.local} says
     * @param stop       set on SIGTERM: long work stops cleanly
     */
    public static StrataEnvironment open(Path home, Path configFile, Map<String, String> overrides, boolean forceLocal,
                                         StopSignal stop) {
        return open(home, configFile, overrides, forceLocal, stop, true);
    }

    /**
     * @param checkVault read the bucket's Object Lock configuration and fail on what {@code strata.vault.require}
     *                   names and the bucket lacks; false only for {@code strata vault check}, which reports them
     */
    public static StrataEnvironment open(Path home, Path configFile, Map<String, String> overrides, boolean forceLocal,
                                         StopSignal stop, boolean checkVault) {
        return open(home, configFile, overrides, forceLocal, stop, checkVault, List.of());
    }

    /** @param added services composed beside the built-in ones (a test's own service) */
    public static StrataEnvironment open(Path home, Path configFile, Map<String, String> overrides, boolean forceLocal,
                                         StopSignal stop, boolean checkVault, List<BackupService> added) {
        Properties properties = SettingsLoader.fromProcess().load(home, configFile);
        overrides.forEach(properties::setProperty);
        boolean local = forceLocal || Boolean.parseBoolean(properties.getProperty("strata.local", "false").trim());
        AutoCloseable localAws = null;
        if (local) {
            LocalServices services = LocalServices.start();
            localAws = services;
            properties.putAll(services.settings());
            // The embedded S3 starts empty: the vault bucket can only be created.
            properties.setProperty("strata.vault.create-bucket", "true");
        }
        try {
            StrataEnvironment environment = new StrataEnvironment(home, properties, localAws, stop, added);
            try {
                if (checkVault) {
                    environment.vault.checkBucket(environment.settings.vault().createBucket());
                    BucketProtections.of(environment.vault, environment.clock)
                            .require(Protection.required(environment.settings.vault().require()));
                } else {
                    environment.vault.checkBucketExists(false);
                }
            } catch (RuntimeException e) {
                environment.clients.close();
                throw e;
            }
            return environment;
        } catch (RuntimeException e) {
            closeQuietly(localAws);
            throw e;
        }
    }

    public StrataRuntime runtime() throws Exception {
        return new StrataRuntime(home, settings, plans, clients::s3, services, vault, clock, stop).start();
    }

    public StrataSettings settings() {
        return settings;
    }

    public PlanCatalog plans() {
        return plans;
    }

    /** Each plan's retention, tiering and second vault, checked at start-up. */
    public ArchivePolicies archivePolicies() {
        return archivePolicies;
    }

    public AwsClients clients() {
        return clients;
    }

    public Vault vault() {
        return vault;
    }

    public StopSignal stop() {
        return stop;
    }

    /** The services, for commands that dispatch on a recovery point's service. */
    public ServiceRegistry services() {
        return services;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        clients.close();
        closeQuietly(localAws);
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

    /** Loads {@code io.strata.local.LocalAws} only when local mode asks for it. */
    private static final class LocalServices implements AutoCloseable {
        private final AutoCloseable aws;
        private final Map<String, String> settings;

        private LocalServices(AutoCloseable aws, Map<String, String> settings) {
            this.aws = aws;
            this.settings = settings;
        }

        static LocalServices start() {
            try {
                Class.forName("com.adobe.testing.s3mock.S3MockApplication");
                Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
            } catch (ClassNotFoundException e) {
                throw new SettingsException("Local mode (strata demo, strata.local=true) needs the embedded DynamoDB Local "
                        + "and S3 server on the classpath: start Strata with ./strata, which adds them", e);
            }
            var aws = io.strata.local.LocalAws.start();
            return new LocalServices(aws, aws.settings());
        }

        Map<String, String> settings() {
            return settings;
        }

        @Override
        public void close() throws Exception {
            aws.close();
        }
    }
}
