package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.exit.ExitCode;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code strata status} and {@code strata audit} as a user runs them, over DynamoDB Local and S3Mock: plan
 * {@code good} (a table backed up now, copied to a second vault, restore-tested) and plan {@code gaps} (the same
 * table and one never backed up, weekly, short retention, no second copy). Exit codes and what each line says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusAuditCliIT {

    private static String bucket;
    private static final String SECOND = TestAws.unique("status-dr");
    private static String table;
    private static String never;
    private static AwsClients clients;
    private static RecoveryPoint point;
    private static final List<String> PLANS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        bucket = TestAws.unique("status-cli");
        table = TestAws.unique("orders");
        never = TestAws.unique("never");
        PLANS.addAll(List.of("-Dstrata.dynamodb.segments=1",
                "-Dstrata.plan.good.cron=0 0 2 * * ?", "-Dstrata.plan.good.resources=dynamodb:" + table,
                "-Dstrata.plan.good.retention=daily=7,monthly=3", "-Dstrata.plan.good.copy-to-vault=" + SECOND,
                "-Dstrata.plan.gaps.cron=0 0 2 ? * SUN", "-Dstrata.plan.gaps.resources=dynamodb:" + table + ",dynamodb:" + never,
                "-Dstrata.plan.gaps.retention=daily=7", "-Dstrata.vault.lock-days=1"));
        StrataSettings settings = TestAws.settings(bucket, PLANS.stream().map(s -> s.substring(2).split("=", 2))
                .flatMap(Arrays::stream).toArray(String[]::new));
        clients = TestAws.clients(settings);
        Vault vault = TestAws.vault(clients, settings);
        // S3Mock leaves versioning off on a bucket made with Object Lock (AWS turns it on): as AWS has it.
        clients.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(
                BucketVersioningStatus.ENABLED)));
        ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.create(clients.dynamoDb(), never);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "one"), Tables.simple("b", 2, "two")));
        point = services.get("dynamodb").backup(table, "good");
        new VaultCopies(ArchivePolicies.from(settings.properties(), plans), vault, region -> clients.s3(), true,
                () -> false).copyCommitted(point);
        Instant now = Instant.now();
        new Verifications(vault).write(Verification.passed(Verification.RESTORE_TEST, point.key(), now, now.plusSeconds(1),
                Map.of("scratch", "strata-restore-test-orders")));
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(PLANS);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElse("(no line " + start + ")\n" + out);
    }

    private static List<String> resourceNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.get("resources").forEach(r -> names.add(r.get("plan").asText() + " " + r.get("resource").asText()));
        return names;
    }

    @Test
    void statusExitsZeroOnlyWhenEveryResourceIsOk() throws Exception {
        StrataCli.Result good = strata("status", "--plan", "good");
        StrataCli.Result all = strata("status", "--json");

        assertEquals(ExitCode.OK.code(), good.code(), good.out() + good.err());
        String row = line(good.out(), "dynamodb:" + table);
        assertTrue(row.matches("dynamodb:" + table + " +good +OK +" + point.key() + " +\\d+[sm] +scan +STANDARD +never +OK \\d+[sm] ago"),
                row);
        assertTrue(good.out().endsWith("All 1 resource(s) OK.\n"), good.out());

        assertEquals(ExitCode.FAILED.code(), all.code(), all.out() + all.err());
        JsonNode json = Json.MAPPER.readTree(all.out());
        assertFalse(json.get("ok").asBoolean());
        assertEquals(3, json.get("resources").size());
        // Plans in name order, each plan's resources in its selectors' order.
        assertEquals(List.of("gaps dynamodb:" + table, "gaps dynamodb:" + never, "good dynamodb:" + table),
                resourceNames(json));
        JsonNode missing = json.get("resources").get(1);
        assertEquals("MISSING", missing.get("status").asText());
        assertTrue(missing.get("newest").isNull());
        JsonNode ok = json.get("resources").get(2);
        assertEquals(point.key(), ok.get("newest").get("recoveryPoint").asText());
        assertEquals(26 * 3600, ok.get("freshnessSeconds").asLong());
        assertFalse(ok.get("newest").get("held").asBoolean(), "not held: " + ok);
        assertTrue(ok.get("lastVerification").isNull());
        assertEquals("OK", ok.get("lastRestoreTest").get("status").asText());
        assertNull(ok.get("reason").textValue());
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aVerifyByHandIsRecordedAndStatusShowsIt() throws Exception {
        StrataCli.Result verify = strata("verify", point.key());
        assertEquals(ExitCode.OK.code(), verify.code(), verify.out() + verify.err());

        StrataCli.Result status = strata("status", "--plan", "good");
        String row = line(status.out(), "dynamodb:" + table);
        assertTrue(row.matches("dynamodb:" + table + " +good +OK +" + point.key() + " .* STANDARD +OK \\d+[sm] ago +OK \\d+[sm] ago"),
                row);
        JsonNode verified = Json.MAPPER.readTree(strata("status", "--plan", "good", "--json").out()).get("resources").get(0)
                .get("lastVerification");
        assertEquals("manual", verified.get("kind").asText(), verified.toString());
        assertEquals("OK", verified.get("status").asText(), verified.toString());
        assertEquals(point.key(), verified.get("recoveryPoint").asText());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void statusMarksANewestPointUnderALegalHold() throws Exception {
        StrataCli.Result hold = strata("hold", point.key(), "--reason", "case 42");
        assertEquals(ExitCode.OK.code(), hold.code(), hold.out() + hold.err());
        try {
            StrataCli.Result held = strata("status", "--plan", "good");
            StrataCli.Result json = strata("status", "--plan", "good", "--json");

            String row = line(held.out(), "dynamodb:" + table);
            assertTrue(row.matches("dynamodb:" + table + " +good +OK +" + point.key()
                    + " +\\d+[sm] +scan +STANDARD, HELD +(never|OK \\d+[sm] ago) +OK \\d+[sm] ago"), row);
            assertEquals(ExitCode.OK.code(), held.code(), "a hold changes no status: " + held.out());
            assertTrue(Json.MAPPER.readTree(json.out()).get("resources").get(0).get("newest").get("held").asBoolean(),
                    json.out());
        } finally {
            // Cleanup only: on S3Mock with Object Lock the hold object outlives the release, hence this test runs last.
            strata("release", point.key());
        }
    }

    @Test
    void auditPassesAWellKeptPlanAndNamesWhatTheOtherLacks() throws Exception {
        StrataCli.Result good = strata("audit", "--plan", "good");
        StrataCli.Result gaps = strata("audit", "--plan", "gaps", "--json");

        assertEquals(ExitCode.OK.code(), good.code(), good.out() + good.err());
        assertTrue(line(good.out(), "PASS  backup-frequency").endsWith("cron '0 0 2 * * ?' leaves at most 24h between backups"),
                good.out());
        assertTrue(line(good.out(), "PASS  retention").contains("keeps recovery points up to 58 days (monthly=3)"), good.out());
        assertTrue(line(good.out(), "PASS  second-copy").endsWith("1 newest recovery point(s) copied to s3://" + SECOND),
                good.out());
        assertTrue(line(good.out(), "PASS  encryption").contains("objects of the newest recovery points are encrypted"),
                good.out());
        assertTrue(line(good.out(), "PASS  restore-test").contains("for all 1 resource(s)"), good.out());
        assertTrue(line(good.out(), "PASS  vault-protection").contains("has versioning and Object Lock"), good.out());

        assertEquals(ExitCode.FAILED.code(), gaps.code(), gaps.out() + gaps.err());
        JsonNode controls = Json.MAPPER.readTree(gaps.out()).get("controls");
        assertEquals("FAIL", controls.get(0).get("result").asText());
        assertEquals("backup-frequency", controls.get(0).get("control").asText());
        assertTrue(controls.get(0).get("reason").asText().contains("at most 7d between backups; required at least every 24h"),
                controls.get(0).toString());
        assertEquals("FAIL", controls.get(1).get("result").asText(), controls.get(1).toString());
        assertEquals("FAIL", controls.get(3).get("result").asText(), controls.get(3).toString());
        assertTrue(controls.get(4).get("reason").asText().contains("dynamodb:" + never + " (never tested)"),
                controls.get(4).toString());
    }
}
