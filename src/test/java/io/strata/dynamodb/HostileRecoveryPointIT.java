package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.error.VaultException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hostile edits of a committed Strata recovery point's descriptor. The descriptor is the only
 * thing {@code restore} reads; {@code verify} cross-checks it against the manifests, but not
 * tightly enough.
 */
class HostileRecoveryPointIT {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;

    @BeforeAll
    static void start() {
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    /**
     * A table whose two Scan segments (of 2) hold exactly {@code perSegment} items each, so that
     * its recovery point has two data files with the same item count.
     */
    private static RecoveryPoint balancedBackup(String table, int perSegment) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, perSegment * 4).mapToObj(i -> Tables.simple("k" + i, i, "v" + i))
                .toList());
        for (int segment = 0; segment < 2; segment++) {
            int s = segment;
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            dynamoDb.scanPaginator(r -> r.tableName(table).segment(s).totalSegments(2)).items().forEach(items::add);
            assertTrue(items.size() >= perSegment, "segment " + s + " holds " + items.size());
            for (Map<String, AttributeValue> extra : items.subList(perSegment, items.size())) {
                dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("pk", extra.get("pk"), "sk", extra.get("sk"))));
            }
        }
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        assertEquals(2, point.files().size());
        assertEquals(perSegment, point.files().get(0).itemCount());
        assertEquals(perSegment, point.files().get(1).itemCount());
        return point;
    }

    private static RecoveryPoint backup(String table) throws Exception {
        Tables.create(dynamoDb, table);
        Tables.put(dynamoDb, table, IntStream.range(0, 300).mapToObj(i -> Tables.simple("p" + i % 7, i, "v" + i)).toList());
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        assertEquals(2, point.files().size());
        return point;
    }

    private static ObjectNode descriptor(RecoveryPoint point) throws Exception {
        try (InputStream in = vault.open(RecoveryPointKey.parse(point.key()).descriptorKey())) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }

    private static void rewrite(RecoveryPoint point, ObjectNode descriptor) throws Exception {
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(RecoveryPointKey.parse(point.key()).descriptorKey()),
                RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(descriptor)));
    }

    private static VerificationReport verify(RecoveryPoint point) {
        return new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));
    }

    /**
     * recovery-point.json lists its first data file twice (the second entry's key and digests
     * replaced by the first's); the item counts still add up because both files held 20 items.
     * manifest-files.json and manifest-summary.json are untouched and still name both files.
     * Expected: verify reports CORRUPT (the descriptor's files are not the manifest's files) and
     * restore fails (before ManifestAgreement, verify said VERIFIED and restore "succeeded" with half
     * the items).
     */
    @Test
    void aDescriptorListingOneFileTwiceIsRefusedByVerifyAndRestore() throws Exception {
        String table = TestAws.unique("dup");
        RecoveryPoint point = balancedBackup(table, 20);
        ObjectNode descriptor = descriptor(point);
        ArrayNode files = (ArrayNode) descriptor.get("files");
        files.set(1, files.get(0).deepCopy());
        rewrite(point, descriptor);

        VerificationReport report = verify(point);
        String restored = table + "-restored";
        Throwable restore = null;
        try {
            new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties()))
                    .restore(new ExportSourceResolver(vault).resolve(point.key()), restored, RestoreOptions.DEFAULT);
        } catch (RuntimeException e) {
            restore = e;
        }
        int inTable = restore == null ? Tables.scanAll(dynamoDb, restored).size() : -1;

        assertFalse(report.ok(), "verify must not say VERIFIED: the descriptor lists " + point.files().get(1).key()
                + " nowhere, although both manifests do (report: " + report + ")");
        assertTrue(restore != null, "restore must fail, but it reported success with " + inTable + " of 40 items");
    }

    /**
     * recovery-point.json loses its second file and its itemCount is lowered to match; the
     * manifests still list both files and 300 items. verify says CORRUPT, and restore refuses it too
     * (it used to report success with fewer items than the recovery point's own manifests list).
     */
    @Test
    void aDescriptorThatDroppedAFileIsRefusedByVerifyAndRestore() throws Exception {
        String table = TestAws.unique("dropped");
        RecoveryPoint point = backup(table);
        ObjectNode descriptor = descriptor(point);
        ArrayNode files = (ArrayNode) descriptor.get("files");
        long dropped = files.get(1).get("itemCount").asLong();
        files.remove(1);
        descriptor.put("itemCount", 300 - dropped);
        rewrite(point, descriptor);

        assertFalse(verify(point).ok(), "verify calls it CORRUPT");
        VaultException error = assertThrows(VaultException.class, () -> new ExportSourceResolver(vault).resolve(point.key()));
        assertTrue(error.getMessage().contains("does not agree with its manifests, nothing was restored"), error.getMessage());
        assertTrue(error.getMessage().contains("listed in manifest-files.json but not in recovery-point.json"),
                error.getMessage());
    }
}
