package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.exit.ExitCode;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code strata forget} as a user runs it on a DynamoDB recovery point copied to a second vault: without a
 * terminal it needs --yes; with it the point's objects go from both vaults, list no longer shows it, the others
 * stay whole, and the forget is recorded under strata/runs/. With --json it takes --yes and prints one object.
 */
class ForgetCliIT {

    private static String bucket;
    private static final String SECOND = TestAws.unique("forget-dr");
    private static String table;
    private static AwsClients clients;
    private static Vault vault;
    private static final List<RecoveryPoint> POINTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        bucket = TestAws.unique("forget-cli");
        table = TestAws.unique("orders");
        StrataSettings settings = TestAws.settings(bucket, "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.copy-to-vault", SECOND);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        SettableClock clock = new SettableClock(Instant.EPOCH);
        ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        VaultCopies copies = new VaultCopies(ArchivePolicies.from(settings.properties(), plans), vault,
                region -> clients.s3(), true, () -> false);
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 5, 5);
        for (String day : List.of("2026-01-10", "2026-01-11", "2026-01-12")) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            RecoveryPoint point = services.get("dynamodb").backup(table, "nightly");
            copies.copyCommitted(point);
            POINTS.add(point);
        }
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static List<String> keysUnder(String in, String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(in).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    @Test
    void withoutATerminalItNeedsYesAndDeletesNothing() {
        String key = POINTS.get(1).key(); // the one the other test keeps

        StrataCli.Result refused = strata("forget", key);

        assertEquals(ExitCode.USAGE.code(), refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("asks for confirmation on a terminal, and there is none: add --yes"),
                refused.err());
        assertTrue(refused.out().contains("strata forget deletes:"), "it shows what would go: " + refused.out());
        assertTrue(keysUnder(bucket, key).contains(RecoveryPointKey.parse(key).descriptorKey()));
    }

    @Test
    void withYesThePointAndItsCopyGoAndTheOthersStay() throws Exception {
        RecoveryPoint forgotten = POINTS.get(0);
        List<String> othersBefore = keysUnder(bucket, POINTS.get(1).key());

        StrataCli.Result result = strata("forget", forgotten.key(), "--yes");

        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("copy in the second vault s3://" + SECOND), result.out());
        assertTrue(result.out().contains("Forgot " + forgotten.key()), result.out());
        assertEquals(List.of(), keysUnder(bucket, forgotten.key()));
        assertEquals(List.of(), keysUnder(SECOND, forgotten.key()), "the second vault's copy goes too");
        assertEquals(othersBefore, keysUnder(bucket, POINTS.get(1).key()));
        assertFalse(keysUnder(SECOND, POINTS.get(1).key()).isEmpty());
        StrataCli.Result list = strata("list", "dynamodb:" + table);
        assertFalse(list.out().contains(RecoveryPointKey.parse(forgotten.key()).stamp()), list.out());
        assertTrue(list.out().contains(RecoveryPointKey.parse(POINTS.get(1).key()).stamp()), list.out());
        List<JsonNode> records = new ArrayList<>();
        for (String runKey : keysUnder(bucket, vault.prefix() + "strata/runs/")) {
            JsonNode each = new ObjectMapper().readTree(clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(runKey))
                    .asString(StandardCharsets.UTF_8));
            if (runKey.contains("-forget-") && forgotten.key().equals(each.path("recoveryPoint").asText())) {
                records.add(each); // the --json test forgets another point
            }
        }
        assertEquals(1, records.size(), records.toString());
        JsonNode record = records.get(0);
        assertEquals("forget", record.path("action").asText(), record.toString());
        assertEquals("forgotten", record.path("outcome").asText());
        assertEquals("s3://" + SECOND, record.path("copies").path(0).asText());

        StrataCli.Result again = strata("forget", forgotten.key(), "--yes");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("No recovery point " + forgotten.key()), again.err());
    }

    @Test
    void withJsonItNeedsYesAndPrintsOneObjectSayingWhatWent() throws Exception {
        String kept = POINTS.get(1).key();
        StrataCli.Result asking = strata("forget", kept, "--json");
        assertEquals(ExitCode.USAGE.code(), asking.code(), asking.out() + asking.err());
        assertEquals("", asking.out(), "no question, no half result on stdout");
        assertTrue(asking.err().contains("--json does not ask: add --yes"), asking.err());
        assertTrue(keysUnder(bucket, kept).contains(RecoveryPointKey.parse(kept).descriptorKey()));

        RecoveryPoint forgotten = POINTS.get(2);
        List<S3Object> objects = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(forgotten.key()))
                .contents().stream().toList();
        int copies = keysUnder(SECOND, forgotten.key()).size();
        StrataCli.Result result = strata("forget", forgotten.key(), "--yes", "--json");

        assertEquals(0, result.code(), result.out() + result.err());
        JsonNode json = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(result.out());
        assertTrue(json.path("ok").asBoolean() && json.path("forgotten").asBoolean(), json.toString());
        assertEquals(forgotten.key(), json.path("recoveryPoint").asText());
        assertEquals("dynamodb:" + table, json.path("resource").asText());
        assertEquals("nightly", json.path("plan").asText());
        assertEquals(bucket, json.path("vault").asText());
        assertEquals(objects.size(), json.path("objects").asInt(), json.toString());
        assertEquals(objects.stream().mapToLong(S3Object::size).sum(), json.path("bytes").asLong(), json.toString());
        assertEquals(SECOND, json.path("copy").path("vault").asText(), json.toString());
        assertTrue(copies > 0);
        assertEquals(copies, json.path("copy").path("objects").asInt(), json.toString());
        assertTrue(json.path("refused").isNull(), json.toString());
        assertTrue(json.path("made").asText().startsWith("5 items"), "DynamoDB's backup is its files: " + json);
        assertEquals(List.of(), keysUnder(bucket, forgotten.key()));
        assertEquals(List.of(), keysUnder(SECOND, forgotten.key()));
    }

    @Test
    void helpAndBadReferences() {
        StrataCli.Result help = strata("forget", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--yes") && help.out().contains("Object Lock"), help.out());

        StrataCli.Result bad = strata("forget", "orders", "--yes");
        assertEquals(ExitCode.USAGE.code(), bad.code(), bad.err());
    }

    private static synchronized StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:" + table,
                "-Dstrata.plan.nightly.copy-to-vault=" + SECOND));
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }
}
