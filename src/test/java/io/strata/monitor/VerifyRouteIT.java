package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbService;
import io.strata.plan.PlanCatalog;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * routes/verify.camel.yaml under camel-test-main, over DynamoDB Local and S3Mock: one plan with a sound
 * table, a tampered one and one never backed up; the pass says OK, CORRUPT and MISSING, writes a verify
 * record beside each point it checked, and the daemon's trigger (the route template) fires it, then the restore
 * tests that are due (none here: no plan sets restore-test). Without routes/restore-test.camel.yaml the trigger's
 * hop to direct:restore-test waited direct's 30 s for a consumer and then failed.
 */
class VerifyRouteIT extends CamelMainTestSupport {

    private static final Instant BACKED_UP = Instant.parse("2026-12-01T02:00:00Z");
    private static final SettableClock CLOCK = new SettableClock(BACKED_UP);
    private static StrataSettings settings;
    private static AwsClients clients;
    private static Vault vault;
    private static ServiceRegistry services;
    private static PlanCatalog plans;
    private static String sound;
    private static String tampered;
    private static String never;
    private static RecoveryPoint soundPoint;

    @BeforeAll
    static void backUp() throws Exception {
        sound = TestAws.unique("sound");
        tampered = TestAws.unique("tampered");
        never = TestAws.unique("never");
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources",
                "dynamodb:" + sound + ",dynamodb:" + tampered + ",dynamodb:" + never);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, CLOCK, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        for (String table : List.of(sound, tampered, never)) {
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "one"), Tables.simple("b", 2, "two")));
        }
        soundPoint = services.get("dynamodb").backup(sound, "nightly");
        RecoveryPoint bad = services.get("dynamodb").backup(tampered, "nightly");
        String victim = bad.files().get(0).key();
        byte[] bytes = clients.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(victim)).asByteArray();
        bytes[bytes.length / 2] ^= 0x01;
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(victim), RequestBody.fromBytes(bytes));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/verify.camel.yaml,file:routes/restore-test.camel.yaml");
        configuration.setAutowiredEnabled(false);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("verifyPass", new VerifyPass(new Inventory(plans, services, vault), services, vault,
                settings.properties(), CLOCK));
        registry.bind("restoreTests", new RestoreTests(plans, RestoreTestPlans.from(settings.properties(), plans), services,
                vault, new Verifications(vault), CLOCK));
        DynamoDbService dynamoDb = (DynamoDbService) services.get("dynamodb");
        registry.bind("dynamodbRestoreTest", dynamoDb.restoreTestSteps());
        registry.bind("dynamoDbClient", dynamoDb.client());
    }

    private Map<String, ResourceStatus> statuses(VerifyReport report) {
        return report.states().stream().collect(Collectors.toMap(ResourceState::resource, ResourceState::status));
    }

    @Test
    void aPassSaysOkCorruptAndMissingAndRecordsEachCheckBesideItsPoint() {
        CLOCK.set(BACKED_UP.plus(Duration.ofHours(3)));

        VerifyReport report = template.requestBody("direct:verify", null, VerifyReport.class);

        assertEquals(Map.of("dynamodb:" + sound, ResourceStatus.OK, "dynamodb:" + tampered, ResourceStatus.CORRUPT,
                "dynamodb:" + never, ResourceStatus.MISSING), statuses(report));
        assertFalse(report.ok());
        Verifications records = new Verifications(vault);
        Verification ok = records.newest(soundPoint.key(), Verification.VERIFY).orElseThrow();
        assertTrue(ok.ok());
        assertEquals(CLOCK.instant(), ok.startedAt());
        ResourceState corrupt = report.states().stream().filter(s -> s.resource().endsWith(tampered)).findFirst().orElseThrow();
        assertEquals(ResourceStatus.CORRUPT, records.newest(corrupt.newest().key(), Verification.VERIFY).orElseThrow().status());
        assertTrue(corrupt.reason().contains("data/"), corrupt.reason());

        // A day later the same sound point is past the plan's default freshness of 26 hours.
        CLOCK.set(BACKED_UP.plus(Duration.ofHours(26)).plusSeconds(1));
        VerifyReport later = template.requestBody("direct:verify", null, VerifyReport.class);

        assertEquals(ResourceStatus.STALE, statuses(later).get("dynamodb:" + sound));
        Verification stale = records.newest(soundPoint.key(), Verification.VERIFY).orElseThrow();
        assertEquals(ResourceStatus.STALE, stale.status());
        assertTrue(stale.reason().contains("more than the plan's freshness of 26h"), stale.reason());
    }

    @Test
    void theDaemonsTriggerFiresThePass() throws Exception {
        CLOCK.set(BACKED_UP.plus(Duration.ofHours(2)));
        NotifyBuilder pass = new NotifyBuilder(context).fromRoute("verify-every-second").whenCompleted(1).create();

        context.addRouteFromTemplate("verify-every-second", "verify-trigger",
                Map.of("cron", "0/1+*+*+*+*+?", "timeZone", "UTC"));

        assertTrue(pass.matches(60, TimeUnit.SECONDS), "the trigger fired a verify pass");
        context.getRouteController().stopRoute("verify-every-second");
        assertEquals(Instant.parse("2026-12-01T04:00:00Z"), new Verifications(vault)
                .newest(soundPoint.key(), Verification.VERIFY).orElseThrow().startedAt());
    }
}
