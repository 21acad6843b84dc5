package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.service.RestoreTest;
import io.strata.service.RestoreTestResult;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDB's restore test, in the steps {@code routes/restore-test.camel.yaml} shows: name the scratch table,
 * read what the export holds and restore it there ({@link #restore}), DescribeTable (camel-aws2-ddb), compare
 * ({@link #check}), DeleteTable (camel-aws2-ddb), whatever happened. What the export holds is read from its
 * data files, each checked against the MD5, SHA-256 and count the export recorded, into a
 * {@link ContentDigest}; the restored table is scanned into one of the same kind, so equal digests mean the
 * table holds exactly the recorded items. {@link #run} is the same test without Camel.
 */
public final class DynamoDbRestoreTest implements RestoreTest {

    public static final String PREFIX = "strata-restore-test-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** DynamoDB's longest table name. */
    private static final int MAX_NAME = 255;
    private static final int SEGMENTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRestoreTest.class);

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final DynamoDbSettings settings;
    private final BooleanSupplier stopRequested;

    public DynamoDbRestoreTest(DynamoDbClient dynamoDb, Vault vault, DynamoDbSettings settings,
                               BooleanSupplier stopRequested) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.settings = settings;
        this.stopRequested = stopRequested;
    }

    /** The scratch table for {@code point}: {@code strata-restore-test-<table>-<yyyyMMddHHmmss>}. */
    public ScratchTable scratch(RecoveryPoint point, Instant now) {
        String stamp = "-" + STAMP.format(now);
        String table = point.resourceId();
        int room = MAX_NAME - PREFIX.length() - stamp.length();
        return new ScratchTable(PREFIX + (table.length() > room ? table.substring(0, room) : table) + stamp, point);
    }

    /** Reads what the export holds, then restores it into the scratch table (created by the restore). */
    public ScratchTable.Expected restore(ScratchTable scratch) {
        return restore(vault, scratch);
    }

    private ScratchTable.Expected restore(Vault holder, ScratchTable scratch) {
        RecoveryPoint point = scratch.point();
        ItemDigests items = new ItemDigests();
        VerificationReport read = new ExportVerifier(holder).verify(RecoveryPointKey.parse(point.key()), p -> items);
        if (!read.ok()) {
            throw new RestoreException("the export differs from what it records, nothing was restored: "
                    + String.join("; ", read.findings()));
        }
        new TableRestorer(dynamoDb, vault, settings, stopRequested).restore(
                new ExportSourceResolver(vault).resolve(holder, point), scratch.name(), RestoreOptions.DEFAULT);
        return new ScratchTable.Expected(items.digest().items(), items.digest().hex());
    }

    /**
     * Compares the scratch table, as DescribeTable answered ({@code status}, {@code keySchema}) and as a
     * consistent Scan reads it, with what the export holds: status ACTIVE, the recorded key schema, the
     * item count and the content digest.
     */
    public RestoreTestResult check(ScratchTable scratch, ScratchTable.Expected expected, Object status,
                                   List<KeySchemaElement> keySchema) {
        List<String> problems = new ArrayList<>();
        if (!"ACTIVE".equals(String.valueOf(status))) {
            problems.add("table " + scratch.name() + " is " + status + ", not ACTIVE");
        }
        List<String> recordedKeys = TableSchema.of(scratch.point()).map(s -> s.keySchema().stream()
                .map(k -> k.name() + ":" + k.keyType()).toList()).orElse(List.of());
        List<String> keys = keySchema == null ? List.of()
                : keySchema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
        if (!recordedKeys.isEmpty() && !recordedKeys.equals(keys)) {
            problems.add("key schema is " + keys + ", the export recorded " + recordedKeys);
        }
        ContentDigest restored = scan(scratch.name());
        if (restored.items() != expected.items()) {
            problems.add("table " + scratch.name() + " holds " + restored.items() + " items, the export "
                    + expected.items());
        }
        if (!restored.hex().equals(expected.digest())) {
            problems.add("content digest of the table is " + restored.hex() + ", of the export " + expected.digest());
        }
        List<String> made = List.of("table " + scratch.name());
        if (!problems.isEmpty()) {
            return RestoreTestResult.failed(made, String.join("; ", problems));
        }
        return RestoreTestResult.passed(made, String.format("%,d items, content digest %s, key schema %s", restored.items(),
                restored.hex(), keys));
    }

    /** A restore or a check that threw: the test failed, for that reason. */
    public RestoreTestResult failed(ScratchTable scratch, Exception e) {
        LOG.warn("Restore test of {} into {} failed: {}", scratch.point().key(), scratch.name(), Failures.reason(e));
        return RestoreTestResult.failed(List.of("table " + scratch.name()), Failures.reason(e));
    }

    /** The scratch table could not be deleted: the test failed, and says so (the next test deletes it). */
    public RestoreTestResult notDeleted(RestoreTestResult result, ScratchTable scratch, Exception e) {
        LOG.warn("Scratch table {} not deleted: {}", scratch.name(), Failures.reason(e));
        return result.notDeleted("table " + scratch.name(), Failures.reason(e));
    }

    @Override
    public RestoreTestResult run(Vault holder, RecoveryPoint point, Instant now) {
        ScratchTable scratch = scratch(point, now);
        RestoreTestResult result;
        try {
            ScratchTable.Expected expected = restore(holder, scratch);
            TableDescription table = dynamoDb.describeTable(r -> r.tableName(scratch.name())).table();
            result = check(scratch, expected, table.tableStatusAsString(), table.keySchema());
        } catch (RuntimeException e) {
            result = failed(scratch, e);
        }
        try {
            dynamoDb.deleteTable(r -> r.tableName(scratch.name()));
        } catch (ResourceNotFoundException neverMadeOrDeletedByTheRestore) {
            // a restore that fails deletes the table it created
        } catch (RuntimeException e) {
            return notDeleted(result, scratch, e);
        }
        return result;
    }

    /** Every table named {@code strata-restore-test-…}: no test runs now, so each was left by one that died. */
    @Override
    public List<String> deleteLeftovers() {
        List<String> deleted = new ArrayList<>();
        dynamoDb.listTablesPaginator().tableNames().stream().filter(name -> name.startsWith(PREFIX)).forEach(name -> {
            try {
                dynamoDb.deleteTable(r -> r.tableName(name));
                deleted.add("table " + name);
            } catch (ResourceNotFoundException gone) {
                // deleted meanwhile
            } catch (RuntimeException e) {
                LOG.warn("Leftover restore-test table {} not deleted: {}", name, e.getMessage());
            }
        });
        return deleted;
    }

    private ContentDigest scan(String table) {
        ContentDigest digest = new ContentDigest();
        IntStream.range(0, SEGMENTS).parallel().forEach(segment -> {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamoDb.scan(r -> r.tableName(table).segment(segment).totalSegments(SEGMENTS)
                        .limit(1000).exclusiveStartKey(from).consistentRead(true));
                page.items().forEach(digest::add);
                start = ScanPages.next(page);
            } while (start != null);
        });
        return digest;
    }
}
