package io.strata.app;

import io.strata.archive.ArchiveCron;
import io.strata.cluster.ClusterSettings;
import io.strata.config.AwsClients;
import io.strata.config.AwsRetry;
import io.strata.config.SettingsKeys;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbPlans;
import io.strata.dynamodb.DynamoDbSelectors;
import io.strata.dynamodb.DynamoDbService;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.dynamodb.NativeSettings;
import io.strata.dynamodb.RestoreOptions;
import io.strata.dynamodb.NativeExportSettings;
import io.strata.dynamodb.NativeExporter;
import io.strata.dynamodb.TableExporter;
import io.strata.ec2.Ec2RestoreOptions;
import io.strata.ec2.Ec2Selectors;
import io.strata.ec2.Ec2Service;
import io.strata.ec2.Ec2Settings;
import io.strata.monitor.RestoreTestPlans;
import io.strata.monitor.HttpSettings;
import io.strata.monitor.NotifySettings;
import io.strata.monitor.MonitorSettings;
import io.strata.plan.PlanCatalog;
import io.strata.rds.RdsRestoreOptions;
import io.strata.rds.RdsSelectors;
import io.strata.rds.RdsService;
import io.strata.rds.RdsSettings;
import io.strata.retention.ArchivePolicies;
import io.strata.service.BackupService;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreOptionCatalog;
import io.strata.service.Selectors;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.service.Waiter;
import io.strata.thaw.ThawSettings;
import io.strata.trigger.RequestSettings;
import io.strata.vault.Vault;
import io.strata.vault.VaultSettings;
import io.strata.vault.attempt.AttemptTiming;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry entries: the one place that names the services Strata backs up. Adding a service
 * is a package, a route file {@code routes/backup-<service>.camel.yaml} and a line in each method
 * here (what its route calls is bound by {@link RouteBeans}). No Camel: commands that do not route use it.
 */
public final class Services {

    private Services() {
    }

    /** Every service's selector syntax, for parsing before any AWS call. */
    public static Selectors selectors() {
        return new Selectors(List.of(new DynamoDbSelectors(), new RdsSelectors(), new Ec2Selectors()));
    }

    /**
     * Every service's restore options, before any client is built: for the command line. {@code added}
     * are services composed beside the built-in ones (a test's own service).
     */
    public static RestoreOptionCatalog restoreOptions(List<BackupService> added) {
        Map<String, List<RestoreOption>> declared = new LinkedHashMap<>();
        declared.put(DynamoDbService.NAME, RestoreOptions.DECLARED);
        declared.put(RdsService.NAME, RdsRestoreOptions.ALL);
        declared.put(Ec2Service.NAME, Ec2RestoreOptions.DECLARED);
        added.forEach(service -> declared.put(service.name(), service.restoreOptions()));
        return new RestoreOptionCatalog(declared);
    }

    public static RestoreOptionCatalog restoreOptions() {
        return restoreOptions(List.of());
    }

    /**
     * Every setting Strata reads, each list declared by the component that reads it: the shared ones
     * (AWS, vault, plans, archive, triggers), then each service's.
     */
    public static SettingsKeys settings() {
        return new SettingsKeys(List.of(StrataSettings.SETTINGS, AwsRetry.SETTINGS, VaultSettings.SETTINGS, PlanCatalog.SETTINGS,
                ArchivePolicies.SETTINGS, ArchiveCron.SETTINGS, ThawSettings.SETTINGS, RequestSettings.SETTINGS,
                ClusterSettings.SETTINGS, HttpSettings.SETTINGS, NotifySettings.SETTINGS, DynamoDbSettings.SETTINGS,
                NativeExportSettings.SETTINGS, DynamoDbPlans.SETTINGS, NativeSettings.SETTINGS, RdsSettings.SETTINGS,
                Ec2Settings.SETTINGS, LocalMode.SETTINGS, MonitorSettings.SETTINGS, RestoreTestPlans.SETTINGS));
    }

    public static ServiceRegistry registry(AwsClients clients, Vault vault, StrataSettings settings, Clock clock,
                                           StopSignal stop) {
        return registry(clients, vault, settings, clock, stop, List.of());
    }

    /** The built-in services, then {@code added} (services a composition adds, such as a test's own). */
    public static ServiceRegistry registry(AwsClients clients, Vault vault, StrataSettings settings, Clock clock,
                                           StopSignal stop, List<BackupService> added) {
        DynamoDbSettings dynamoDb = DynamoDbSettings.from(settings.properties());
        NativeExportSettings nativeExports = NativeExportSettings.from(settings.properties());
        DynamoDbPlans plans = new DynamoDbPlans(settings.properties());
        NativeSettings nativeSettings = NativeSettings.from(settings.properties());
        TableExporter exporter = new TableExporter(clients.dynamoDb(), vault, dynamoDb, clock,
                clients.region().id(), AttemptTiming.DEFAULT, stop::requested);
        List<BackupService> all = new ArrayList<>(List.of(
                new DynamoDbService(clients.dynamoDb(), vault, dynamoDb, plans,
                        exporter, new NativeExporter(clients.dynamoDb(), vault, nativeExports, clock, clients.region().id(),
                        AttemptTiming.DEFAULT, new Waiter(nativeExports.pollInterval(), stop::await), plans), nativeExports,
                        stop::requested, nativeSettings, clock, AttemptTiming.DEFAULT,
                        new Waiter(nativeSettings.pollInterval(), stop::await)),
                new RdsService(clients::rds, clients.region(), vault, RdsSettings.from(settings.properties()), clock,
                        AttemptTiming.DEFAULT, stop),
                new Ec2Service(clients::ec2, clients.region(), vault, Ec2Settings.from(settings.properties()), clock,
                        AttemptTiming.DEFAULT, stop)));
        all.addAll(added);
        return new ServiceRegistry(all);
    }
}
