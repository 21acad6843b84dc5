package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeKms;
import io.strata.support.SettableClock;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.CatalogSignature;
import io.strata.vault.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VaultException;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code strata.vault.signing-key} as a user meets it: with the key set, {@code list}, {@code verify},
 * {@code restore} and {@code archive} refuse a descriptor rewritten or planted by someone who may
 * only put objects into the vault (no MAC, or a MAC copied from another object), naming it, and
 * work as before over the points Strata signed. The MACs come from {@link FakeKms} through the real
 * KMS client. Ordered: the archive pass changes the vault.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedCatalogCliIT {

    private static final List<String> DAYS = List.of("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05");

    private static FakeKms kms;
    private static String signingKey;
    private static String bucket;
    private static String table;
    private static AwsClients clients;
    private static Vault vault;
    private static final Map<String, RecoveryPoint> POINTS = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        kms = new FakeKms();
        signingKey = kms.hmacKey();
        bucket = TestAws.unique("signed");
        table = TestAws.unique("orders");
        StrataSettings settings = TestAws.settings(bucket, "strata.dynamodb.segments", "1",
                "strata.vault.signing-key", signingKey, "strata.aws.endpoint.kms", kms.endpoint().toString());
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        SettableClock clock = new SettableClock(Instant.EPOCH);
        ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y"),
                Tables.simple("c", 3, "z")));
        for (String day : DAYS) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            POINTS.put(day, services.get("dynamodb").backup(table, "nightly"));
        }
        // Not local mode: the default credential chain, which reads these (DynamoDB Local wants letters and digits).
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
        kms.close();
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
        ResponseBytes<GetObjectResponse> signed = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(descriptor));
        ObjectNode edited = (ObjectNode) Json.MAPPER.readTree(signed.asByteArray());
        edited.put("bytes", 1).put("startedAt", "2020-01-01T02:00:00Z");
        clients.s3().putObject(r -> r.bucket(bucket).key(descriptor).metadata(signed.response().metadata()),
                RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(edited)));
        List<String> objectsBefore = keys(newest.key());
        String target = TestAws.unique("not-restored");
        String named = "s3://" + bucket + "/" + descriptor;

        // Without the setting the edit is invisible, and a pass would expire the newest point.
        StrataCli.Result unsignedList = StrataCli.run(args(false, "list"));
        StrataCli.Result unsignedDryRun = StrataCli.run(args(false, "archive", "--plan", "nightly", "--dry-run",
                "--as-of", "2026-01-06T12:00:00Z"));
        assertEquals(0, unsignedList.code(), unsignedList.err());
        assertTrue(unsignedList.out().contains(newest.key()), unsignedList.out());
        assertTrue(unsignedDryRun.out().lines().anyMatch(l -> l.contains("EXPIRE") && l.contains(newest.key())),
                unsignedDryRun.out());

        StrataCli.Result list = strata("list");
        StrataCli.Result verify = strata("verify", newest.key());
        StrataCli.Result restore = strata("restore", newest.key(), "--to", target);
        StrataCli.Result archive = strata("archive", "--plan", "nightly", "--as-of", "2026-01-06T12:00:00Z");

        assertEquals(Strata.FAILED, list.code());
        assertTrue(list.err().contains(named) && list.err().contains("does not match its MAC"), list.err());
        assertFalse(list.out().contains(newest.key()), list.out());
        assertEquals(DAYS.size() - 1, list.out().lines().filter(l -> l.contains(table)).count(), "the others are listed");
        assertEquals(Strata.FAILED, verify.code());
        assertTrue(verify.err().contains(named) && verify.err().contains("does not match its MAC"), verify.err());
        assertEquals(Strata.FAILED, restore.code());
        assertTrue(restore.err().contains(named) && restore.err().contains("does not match its MAC"), restore.err());
        assertFalse(clients.dynamoDb().listTables().tableNames().contains(target), "nothing restored");

        assertEquals(Strata.FAILED, archive.code(), archive.out());
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

        assertEquals(Strata.FAILED, list.code());
        assertTrue(list.err().contains("s3://" + bucket + "/" + unsigned + "recovery-point.json carries no MAC"), list.err());
        assertTrue(list.err().contains("s3://" + bucket + "/" + borrowed + "recovery-point.json does not match its MAC"),
                list.err());
        assertEquals(Strata.FAILED, verify.code());
        assertTrue(verify.err().contains("carries no MAC"), verify.err());
        assertEquals(Strata.FAILED, restore.code());
        assertTrue(restore.err().contains("does not match its MAC"), restore.err());
        assertEquals(Strata.FAILED, archive.code());
        assertTrue(archive.out().contains("PROBLEM half-done expiry of " + marker + " not finished: s3://" + bucket + "/"
                + marker + "expiring.json does not match its MAC"), archive.out());
        for (String planted : List.of(unsigned, borrowed, marker)) {
            assertFalse(keys(planted).isEmpty(), planted + " is left for a person to look at");
        }
        assertTrue(keys(marker).contains(markerData), "a forged marker deletes nothing");
        assertEquals(0, strata("verify", real.key()).code(), "the point whose MAC was borrowed is untouched");
    }

    @Test
    void aRunReportIsSignedAndAnEditedOneDoesNotCheck() throws Exception {
        String other = TestAws.unique("reported");
        Tables.create(clients.dynamoDb(), other);

        StrataCli.Result backup = strata("backup", "dynamodb:" + other);

        assertEquals(0, backup.code(), backup.out() + backup.err());
        String report = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("strata/runs/")).contents()
                .stream().map(S3Object::key).filter(k -> new String(clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                        .key(k)).asByteArray()).contains(other)).findFirst().orElseThrow();
        Map<String, String> mac = metadata(report);
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + signingKey, mac.get(CatalogSignature.MAC_KEY));
        assertEquals(vault.readSigned(report).length, clients.s3().headObject(r -> r.bucket(bucket).key(report))
                .contentLength().intValue(), "its MAC checks");

        clients.s3().putObject(r -> r.bucket(bucket).key(report).metadata(mac),
                RequestBody.fromString("{\"runId\":\"forged\",\"outcomes\":[]}"));
        VaultException refused = assertThrows(VaultException.class, () -> vault.readSigned(report));
        assertTrue(refused.getMessage().contains(report + " does not match its MAC"), refused.getMessage());
    }

    @Test
    void aCopyInASecondVaultKeepsValidMacsAndIsListedVerifiedAndRestoredThere() throws Exception {
        String copied = TestAws.unique("copied");
        Tables.create(clients.dynamoDb(), copied);
        Tables.put(clients.dynamoDb(), copied, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        String dr = TestAws.unique("signed-dr");
        clients.s3().createBucket(r -> r.bucket(dr));
        String target = TestAws.unique("restored");

        StrataCli.Result run = strata("-Dstrata.plan.dr.cron=0 0 2 * * ?", "-Dstrata.plan.dr.resources=dynamodb:" + copied,
                "-Dstrata.plan.dr.copy-to-vault=" + dr, "run", "--plan", "dr", "--once");
        StrataCli.Result listed = strata("list", "--vault", dr);
        String copy = listed.out().lines().findFirst().orElse("").split("\\s+")[0];
        StrataCli.Result verified = strata("verify", copy);
        StrataCli.Result restored = strata("restore", copy, "--to", target);

        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(0, listed.code(), listed.err());
        assertTrue(copy.startsWith("s3://" + dr + "/strata/dynamodb/us-east-1/" + copied + "/"), listed.out());
        assertEquals(0, verified.code(), verified.err());
        assertEquals(0, restored.code(), restored.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), copied), Tables.scanAll(clients.dynamoDb(), target));
        String folder = copy.substring(("s3://" + dr + "/").length());
        List<String> catalog = keys(folder).stream().filter(k -> k.endsWith(".json")).toList();
        assertEquals(3, catalog.size(), "the descriptor and the two manifests: " + catalog);
        for (String object : catalog) {
            String mac = clients.s3().headObject(r -> r.bucket(dr).key(object)).metadata().get(CatalogSignature.MAC);
            assertEquals(metadata(object).get(CatalogSignature.MAC), mac, object + ": the copy carries the primary's MAC");
        }
    }

    @Test
    void anEditedManifestFailsVerifyAndRestoreNamingIt() throws Exception {
        String edited = TestAws.unique("manifested");
        Tables.create(clients.dynamoDb(), edited);
        Tables.put(clients.dynamoDb(), edited, List.of(Tables.simple("a", 1, "x")));
        StrataCli.Result backup = strata("backup", "dynamodb:" + edited);
        assertEquals(0, backup.code(), backup.out() + backup.err());
        String point = vault.list(p -> p.resource().equals("dynamodb:" + edited)).points().get(0).key();
        String summary = keys(point).stream().filter(k -> k.endsWith("manifest-summary.json")).findFirst().orElseThrow();
        ResponseBytes<GetObjectResponse> signed = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(summary));
        String changed = signed.asUtf8String().replace("\"itemCount\" : 1", "\"itemCount\" : 2");
        clients.s3().putObject(r -> r.bucket(bucket).key(summary).metadata(signed.response().metadata()),
                RequestBody.fromString(changed));

        StrataCli.Result verify = strata("verify", point);
        StrataCli.Result restore = strata("restore", point, "--to", TestAws.unique("not-restored"));

        assertEquals(Strata.FAILED, verify.code());
        assertTrue(verify.out().contains(summary + " does not match its MAC"), verify.out() + verify.err());
        assertEquals(Strata.FAILED, restore.code());
        assertTrue(restore.err().contains(summary + " does not match its MAC") && restore.err()
                .contains("nothing was restored"), restore.err());
    }

    @Test
    void aKeyThatCannotSignStopsEveryCommandNamingTheSetting() {
        StrataCli.Result wrongKind = StrataCli.run(with(StrataCli.against(bucket),
                "-Dstrata.vault.signing-key=" + kms.encryptionKey(), "-Dstrata.aws.endpoint.kms=" + kms.endpoint(), "list"));
        StrataCli.Result typo = StrataCli.run(with(StrataCli.against(bucket), "-Dstrata.vault.signing-key=strata-catalog",
                "list"));

        assertEquals(Strata.FAILED, wrongKind.code());
        assertTrue(wrongKind.err().contains("strata.vault.signing-key") && wrongKind.err()
                .contains("InvalidKeyUsageException"), wrongKind.err());
        assertEquals(Strata.FAILED, typo.code());
        assertTrue(typo.err().contains("strata.vault.signing-key must name a KMS HMAC_SHA_256 key"), typo.err());
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
        return clients.s3().headObject(r -> r.bucket(bucket).key(key)).metadata();
    }

    private static List<String> keys(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static StrataCli.Result strata(String... args) {
        return StrataCli.run(args(true, args));
    }

    private static List<String> args(boolean signed, String... args) {
        List<String> all = StrataCli.against(bucket);
        if (signed) {
            all.addAll(List.of("-Dstrata.vault.signing-key=" + signingKey, "-Dstrata.aws.endpoint.kms=" + kms.endpoint()));
        }
        all.addAll(List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:" + table,
                "-Dstrata.plan.nightly.retention=daily=3"));
        all.addAll(List.of(args));
        return all;
    }

    private static List<String> with(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }
}
