package io.strata.app;

import io.strata.archive.Archivist;
import io.strata.camel.CamelInstanceDirectory;
import io.strata.camel.DeferredEc2Client;
import io.strata.copies.VaultCopies;
import io.strata.dynamodb.DynamoDbService;
import io.strata.ec2.Ec2Service;
import io.strata.ec2.SdkInstanceDirectory;
import io.strata.monitor.Verifications;
import io.strata.monitor.RestoreTests;
import io.strata.hold.Holds;
import io.strata.monitor.Inventory;
import io.strata.monitor.VerifyPass;
import io.strata.retention.ArchivePolicies;
import io.strata.run.Recoveries;
import io.strata.run.RunService;
import io.strata.service.ServiceRegistry;
import io.strata.thaw.Thaw;
import io.strata.thaw.ThawSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The beans the route files name ({@code ref: runs}, {@code #ec2Client}, …), bound in one place as
 * camel-examples' {@code main-yaml} binds its own: one {@link BindToRegistry} method per bean the routes
 * call, and {@link #configure} for the SDK clients that Camel components share with the services (bound
 * only for the services present, and never closed by Camel: the composition owns them).
 */
final class RouteBeans implements CamelConfiguration {

    private final Composition composition;
    private final VaultCopies copies;
    private final RunService runs;
    private final VerifyPass verifyPass;
    private final RestoreTests restoreTests;
    private final ScheduledFirings firings;

    RouteBeans(Composition composition) {
        this.composition = composition;
        ArchivePolicies policies = composition.archivePolicies();
        copies = new VaultCopies(policies, composition.vault(), composition.regionalS3(),
                composition.vaultSettings().createBucket(), composition.stop()::requested);
        runs = new RunService(composition.plans(), composition.services(), composition.vault(), composition.clock());
        runs.afterCommit(copies::copyCommitted);
        firings = new ScheduledFirings(composition.stop());
        verifyPass = new VerifyPass(new Inventory(composition.plans(), composition.services(), composition.vault()),
                composition.services(), composition.vault(), composition.settings().properties(), composition.clock());
        restoreTests = new RestoreTests(composition.plans(), composition.restoreTestPlans(), composition.services(),
                composition.vault(), new Verifications(composition.vault()), composition.clock());
    }

    /** {@code plan-trigger}'s gate: whether a firing runs on this node. */
    @BindToRegistry("firings")
    public ScheduledFirings firings() {
        return firings;
    }

    /** {@code direct:run-request}'s steps: plan to request, request to resources, outcomes to the run report. */
    @BindToRegistry("runs")
    public RunService runs() {
        return runs;
    }

    /** {@code direct:restore-request} and {@code direct:verify-request}, thawing archived objects as asked. */
    @BindToRegistry("recoveries")
    public Recoveries recoveries() {
        return new Recoveries(composition.services(), composition.vault(), new Thaw(
                ThawSettings.from(composition.settings().properties()), composition.clock(),
                composition.stop()));
    }

    /** {@code direct:hold-request} and {@code direct:release-request}: legal holds. */
    @BindToRegistry("holds")
    public Holds holds() {
        return composition.holds();
    }

    /** {@code direct:archive} and the daily archive trigger. */
    @BindToRegistry("archivist")
    public Archivist archivist() {
        return new Archivist(composition.plans(), composition.archivePolicies(), composition.services(),
                composition.vault(), composition.clock(), composition.stop(), copies);
    }

    /** {@code direct:restore-test}, after each verify pass: which tests are due, the others' whole test, the records. */
    @BindToRegistry("restoreTests")
    public RestoreTests restoreTests() {
        return restoreTests;
    }

    /** {@code direct:verify} and the daemon's verify trigger: the freshness SLO of every plan's resources. */
    @BindToRegistry("verifyPass")
    public VerifyPass verifyPass() {
        return verifyPass;
    }

    @Override
    public void configure(CamelContext context) {
        serviceBeans(composition.services()).forEach(context.getRegistry()::bind);
    }

    /**
     * What the {@code backup-<service>} routes call, for the services present: each service by its name, the
     * DynamoDB export's steps ({@code dynamodbExport}, {@code dynamodbNativeExport}) and on-demand backup's ({@code dynamodbNativeBackup}), and the SDK client camel-aws2-ec2 shares with the EC2
     * service ({@code #ec2Client}), built at the first DescribeInstances, not when its route is created: a
     * daemon that backs up no instance never builds it.
     */
    private static Map<String, Object> serviceBeans(ServiceRegistry services) {
        Map<String, Object> beans = new LinkedHashMap<>();
        services.all().forEach(service -> beans.put(service.name(), service));
        services.all().stream().filter(DynamoDbService.class::isInstance).map(DynamoDbService.class::cast).findFirst()
                .ifPresent(dynamoDb -> {
                    beans.put("dynamodbExport", dynamoDb.exporter());
                    beans.put("dynamodbNativeExport", dynamoDb.nativeExporter());
                    beans.put("dynamodbNativeBackup", dynamoDb.nativeBackup());
                    // restore-test-dynamodb's steps, and the client its camel-aws2-ddb endpoints share with them
                    beans.put("dynamodbRestoreTest", dynamoDb.restoreTestSteps());
                    beans.put("dynamoDbClient", dynamoDb.client());
                });
        ec2(services).ifPresent(ec2 -> beans.put("ec2Client", new DeferredEc2Client(ec2::client)));
        return beans;
    }

    /** Once the routes run, EC2 discovery goes through camel-aws2-ec2 ({@code direct:ec2-describe-instances}). */
    static void routesStarted(ServiceRegistry services, CamelContext context) {
        ec2(services).ifPresent(ec2 -> ec2.useDirectory(new CamelInstanceDirectory(context)));
    }

    /**
     * Before the routes stop, discovery goes back to the SDK (for commands that run without routes), whose
     * client is built at the first lookup: a daemon that stops without having looked up an instance builds none.
     */
    static void routesStopping(ServiceRegistry services) {
        ec2(services).ifPresent(ec2 -> ec2.useDirectory(request -> new SdkInstanceDirectory(ec2.client())
                .describe(request)));
    }

    private static Optional<Ec2Service> ec2(ServiceRegistry services) {
        return services.all().stream().filter(Ec2Service.class::isInstance).map(Ec2Service.class::cast).findFirst();
    }
}
