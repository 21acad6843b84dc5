package io.strata;

import io.strata.app.Services;
import io.strata.exit.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.config.AwsClients;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.SignedVault;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.CatalogSignature;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code strata.vault.signing-key} as a user meets it: with the key set, {@code list}, {@code verify},
 * {@code restore} and {@code archive} refuse a descriptor rewritten or planted by someone who may
 * only put objects into the vault (no MAC, or a MAC copied from another object), naming it, and
 * work as before over the points Strata signed. The MACs come from a fake KMS through the real KMS
 * client ({@link SignedVault}). Ordered: the archive pass changes the vault.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedCatalogCliIT {

    private static final List<String> DAYS = List.of("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05");

    private static SignedVault signed;
    private static String bucket;
    private static String table;
    private static AwsClients clients;
    private static final Map<String, RecoveryPoint> POINTS = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        signed = new SignedVault();
        bucket = signed.bucket;
        clients = signed.clients;
        table = TestAws.unique("orders");
        SettableClock clock = new SettableClock(Instant.EPOCH);
        ServiceRegistry services = Services.registry(clients, signed.vault, signed.settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y"),
                Tables.simple("c", 3, "z")));
        for (String day : DAYS) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            POINTS.put(day, services.get("dynamodb").backup(table, "nightly"));
        }
    }

    @AfterAll
    static void stop() {
        signed.close();
    }

    @Test
    @Order(1)
    void signedRecoveryPointsPassListVerifyRestoreAndArchiveAsBefore() throws Exception {
        String target = TestAws.unique("restored");
        String newest = POINTS.get("2026-01-05").key();

        StrataCli.Result list = strata("list");
        StrataCli.Result verify = strata("verify", newest);
        StrataCli.Result restore = strata("restore", newest, "--to", target);
        StrataCli.Result archive = strata("archive", "--plan", "nightly", "--dry-run", "--as-of", "2026-01-06T12:00:00Z");

        assertEquals(0, list.code(), list.err());
        assertEquals(DAYS.size(), list.out().lines().filter(l -> l.contains(table)).count(), list.out());
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().startsWith("VERIFIED " + newest), verify.out());
        assertEquals(0, restore.code(), restore.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
        assertEquals(0, archive.code(), archive.out() + archive.err());
        assertTrue(archive.out().contains("5 recovery point(s): 3 kept, 0 to a colder class, 2 expired"), archive.out());
        for (String object : keys(newest)) {
            if (object.endsWith(".json")) {
                assertNotNull(metadata(object).get(CatalogSignature.MAC), object + " carries its MAC");
            }
        }
    }

    @Test
    @Order(2)
    void aDescriptorRewrittenByHandIsRefusedByListVerifyRestoreAndArchiveAndNothingIsDeleted() throws Exception {
        // The newest point's descriptor, rewritten with its own MAC kept: other sizes, and dated years back
        // so that retention would expire it (and delete its data) if the descriptor were believed.
        RecoveryPoint newest = POINTS.get("2026-01-05");
        String descriptor = RecoveryPointKey.parse(newest.key()).descriptorKey();
        ResponseBytes<GetObjectResponse> stored = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(descriptor));
        ObjectNode edited = (ObjectNode) Json.MAPPER.readTree(stored.asByteArray());
        edited.put("bytes", 1).put("startedAt", "2020-01-01T02:00:00Z");
        clients.s3().putObject(r -> r.bucket(bucket).key(descriptor).metadata(stored.response().metadata()),
                RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(edited)));
        List<String> objectsBefore = keys(newest.key());
        String target = TestAws.unique("not-restored");
        String named = "s3://" + bucket + "/" + descriptor;

        // Without the setting the edit is invisible, and a pass would expire the newest point.
        StrataCli.Result unsignedList = signed.cli(false, plan(), "list");
        StrataCli.Result unsignedDryRun = signed.cli(false, plan(), "archive", "--plan", "nightly", "--dry-run",
                "--as-of", "2026-01-06T12:00:00Z");
        assertEquals(0, unsignedList.code(), unsignedList.err());
        assertTrue(unsignedList.out().contains(newest.key()), unsignedList.out());
        assertTrue(unsignedDryRun.out().lines().anyMatch(l -> l.contains("EXPIRE") && l.contains(newest.key())),
                unsignedDryRun.out());

        StrataCli.Result list = strata("list");
        StrataCli.Result verify = strata("verify", newest.key());
        StrataCli.Result restore = strata("restore", newest.key(), "--to", target);
        StrataCli.Result archive = strata("archive", "--plan", "nightly", "--as-of", "2026-01-06T12:00:00Z");

        assertEquals(ExitCode.FAILED.code(), list.code());
        assertTrue(list.err().contains(named) && list.err().contains("does not match its MAC"), list.err());
        assertFalse(list.out().contains(newest.key()), list.out());
        assertEquals(DAYS.size() - 1, list.out().lines().filter(l -> l.contains(table)).count(), "the others are listed");
        assertEquals(ExitCode.FAILED.code(), verify.code());
        assertTrue(verify.err().contains(named) && verify.err().contains("does not match its MAC"), verify.err());
        assertEquals(ExitCode.FAILED.code(), restore.code());
        assertTrue(restore.err().contains(named) && restore.err().contains("does not match its MAC"), restore.err());
        assertFalse(clients.dynamoDb().listTables().tableNames().contains(target), "nothing restored");

        assertEquals(ExitCode.FAILED.code(), archive.code(), archive.out());
        assertTrue(archive.out().contains("PROBLEM " + named), archive.out());
        assertFalse(archive.out().lines().anyMatch(l -> l.contains("EXPIRE") && l.contains(newest.key())), archive.out());
        assertEquals(objectsBefore, keys(newest.key()), "not one object of the refused point is deleted");
        // Retention over the four signed points only: the newest three kept, the oldest expired (one deletion
        // fewer than with the real newest point counted: a refused descriptor never adds one).
        assertTrue(keys(POINTS.get("2026-01-01").key()).isEmpty(), "the oldest signed point is expired");
        for (String day : List.of("2026-01-02", "2026-01-03", "2026-01-04")) {
            StrataCli.Result kept = strata("verify", POINTS.get(day).key());
            assertEquals(0, kept.code(), day + ": " + kept.err());
        }
    }

    @Test
    @Order(3)
    void descriptorsAndMarkersPutWithoutAMacOrWithAnotherObjectsMacAreRefusedAndLeftWhole() throws Exception {
        // What someone with only s3:PutObject can do: a new folder whose descriptor names that very folder,
        // dated years back, with no MAC or with the MAC of a real descriptor; the same as an expiry marker.
        RecoveryPoint real = POINTS.get("2026-01-04");
        String realDescriptor = RecoveryPointKey.parse(real.key()).descriptorKey();
        Map<String, String> realMac = metadata(realDescriptor);
        String unsigned = plant(real, "20190101T020000Z-0badc0d1", RecoveryPointKey.DESCRIPTOR, Map.of());
        String borrowed = plant(real, "20190102T020000Z-0badc0d2", RecoveryPointKey.DESCRIPTOR, realMac);
        String marker = plant(real, "20190103T020000Z-0badc0d3", RecoveryPointKey.EXPIRING, realMac);
        String markerData = RecoveryPointKey.parse(marker).prefix() + "data/keep-me.json.gz";
        clients.s3().putObject(r -> r.bucket(bucket).key(markerData), RequestBody.fromString("not Strata's"));

        StrataCli.Result list = strata("list", "dynamodb:" + table);
        StrataCli.Result verify = strata("verify", unsigned);
        StrataCli.Result restore = strata("restore", borrowed, "--to", TestAws.unique("not-restored"));
        StrataCli.Result archive = strata("archive", "--plan", "nightly", "--as-of", "2026-01-06T12:00:00Z");

        assertEquals(ExitCode.FAILED.code(), list.code());
        assertTrue(list.err().contains("s3://" + bucket + "/" + unsigned + "recovery-point.json carries no MAC"), list.err());
        assertTrue(list.err().contains("s3://" + bucket + "/" + borrowed + "recovery-point.json does not match its MAC"),
                list.err());
        assertEquals(ExitCode.FAILED.code(), verify.code());
        assertTrue(verify.err().contains("carries no MAC"), verify.err());
        assertEquals(ExitCode.FAILED.code(), restore.code());
        assertTrue(restore.err().contains("does not match its MAC"), restore.err());
        assertEquals(ExitCode.FAILED.code(), archive.code());
        assertTrue(archive.out().contains("PROBLEM half-done expiry of " + marker + " not finished: s3://" + bucket + "/"
                + marker + "expiring.json does not match its MAC"), archive.out());
        for (String planted : List.of(unsigned, borrowed, marker)) {
            assertFalse(keys(planted).isEmpty(), planted + " is left for a person to look at");
        }
        assertTrue(keys(marker).contains(markerData), "a forged marker deletes nothing");
        assertEquals(0, strata("verify", real.key()).code(), "the point whose MAC was borrowed is untouched");
    }

    /** A folder of {@code real}'s resource holding {@code name}: a copy of its descriptor naming that folder. */
    private static String plant(RecoveryPoint real, String stamp, String name, Map<String, String> metadata)
            throws Exception {
        RecoveryPointKey key = RecoveryPointKey.parse(real.key());
        String folder = RecoveryPointKey.resourcePrefix(key.vaultPrefix(), "dynamodb", "us-east-1", key.resource())
                + stamp + "/";
        ObjectNode forged = (ObjectNode) Json.MAPPER.readTree(clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                .key(key.descriptorKey())).asByteArray());
        forged.put("key", folder).put("startedAt", "2019-01-01T02:00:00Z").put("finishedAt", "2019-01-01T02:01:00Z");
        clients.s3().putObject(r -> r.bucket(bucket).key(folder + name).metadata(metadata),
                RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(forged)));
        return folder;
    }

    private static Map<String, String> metadata(String key) {
        return signed.metadata(key);
    }

    private static List<String> keys(String prefix) {
        return signed.keys(prefix);
    }

    private static StrataCli.Result strata(String... args) {
        return signed.cli(true, plan(), args);
    }

    private static List<String> plan() {
        return List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:" + table,
                "-Dstrata.plan.nightly.retention=daily=3");
    }
}
