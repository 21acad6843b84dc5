package io.strata.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * What a restore must put back itself, whichever way the items came in (Strata's own writes, a backup,
 * a point in time, an import): AWS restores none of TTL, the stream, tags or PITR, and a table restored
 * without an SSE override gets the default key. Each is compared with the table first and set only
 * when it differs, so that running it twice (a retried restore, {@code --overwrite}) changes nothing.
 * Auto scaling policies and the table's resource-based policy live outside the recovery point: they are
 * reported as not restored ({@link #NOT_RESTORED}). Ends when the table is ACTIVE again.
 */
public final class TableSettingsReapply {

    /** Said after every restore of a whole table, so that nobody expects them. */
    public static final String NOT_RESTORED = "Not restored (kept apart from the table by AWS): auto scaling policies "
            + "and the resource-based (IAM) policy; set them again if the original had them.";

    private static final Logger LOG = LoggerFactory.getLogger(TableSettingsReapply.class);

    private final DynamoDbClient dynamoDb;

    public TableSettingsReapply(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Everything {@code schema} recorded, with {@code tags} instead of the saved ones ({@code RestoredTags}). */
    public void apply(String table, TableSchema schema, Map<String, String> tags) {
        if (schema.ttlAttribute() != null) {
            applyTtl(table, schema.ttlAttribute());
        }
        if (!tags.isEmpty()) {
            applyTags(table, tags);
        }
        if (schema.stream() != null && schema.stream().enabled()) {
            applyStream(table, schema.stream().viewType());
            awaitActive(table);
        }
        if (SSEType.KMS.toString().equals(schema.sseType())) {
            applyKmsKey(table, schema.sseKmsKeyArn());
            awaitActive(table);
        }
        if (schema.pitrDays() != null) {
            applyPitr(table, schema.pitrDays());
        }
    }

    private void applyTtl(String table, String attribute) {
        var ttl = dynamoDb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        boolean on = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        if (on && attribute.equals(ttl.attributeName())) {
            return;
        }
        if (on) {
            throw new RestoreException("Table " + table + " expires items by '" + ttl.attributeName()
                    + "' but the recovery point by '" + attribute + "': change its TTL, then restore again");
        }
        dynamoDb.updateTimeToLive(r -> r.tableName(table)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)));
    }

    void applyTags(String table, Map<String, String> wanted) {
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        List<Tag> tags = wanted.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        try {
            dynamoDb.tagResource(r -> r.resourceArn(arn).tags(tags));
        } catch (DynamoDbException e) {
            if (!TableSchemaReader.taggingUnsupported(e)) {
                throw e;
            }
            if (wanted.keySet().stream().allMatch(key -> key.startsWith("strata:"))) {
                // Only Strata's own (restored-from): not worth a warning on every restore of the demo's DynamoDB Local.
                LOG.debug("Tags {} not applied to {}: this endpoint does not support tagging", wanted, table);
            } else {
                LOG.warn("Tags {} not applied to {}: this endpoint does not support tagging", wanted, table);
            }
        }
    }

    private void applyStream(String table, String viewType) {
        var current = dynamoDb.describeTable(r -> r.tableName(table)).table().streamSpecification();
        if (current != null && Boolean.TRUE.equals(current.streamEnabled())) {
            if (!viewType.equals(current.streamViewTypeAsString())) {
                throw new RestoreException("Table " + table + " has a " + current.streamViewTypeAsString()
                        + " stream but the recovery point a " + viewType + " one: disable its stream, then restore again");
            }
            return;
        }
        dynamoDb.updateTable(r -> r.tableName(table).streamSpecification(
                s -> s.streamEnabled(true).streamViewType(viewType)));
    }

    /** The table's KMS key as recorded; without a recorded key, the AWS managed key (what KMS without one means). */
    private void applyKmsKey(String table, String keyArn) {
        var sse = dynamoDb.describeTable(r -> r.tableName(table)).table().sseDescription();
        if (sse != null && sse.sseType() == SSEType.KMS && (keyArn == null || keyArn.equals(sse.kmsMasterKeyArn()))) {
            return;
        }
        LOG.info("Encrypting {} with {} as the recovery point records", table, keyArn == null ? "the AWS managed KMS key"
                : "KMS key " + keyArn);
        dynamoDb.updateTable(r -> r.tableName(table).sseSpecification(s -> {
            s.enabled(true).sseType(SSEType.KMS);
            if (keyArn != null) {
                s.kmsMasterKeyId(keyArn);
            }
        }));
    }

    private void applyPitr(String table, int days) {
        var pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription();
        if (pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED
                && Integer.valueOf(days).equals(pitr.recoveryPeriodInDays())) {
            return;
        }
        LOG.info("Turning point-in-time recovery on for {} ({} days) as the recovery point records", table, days);
        dynamoDb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(s -> s
                .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(days)));
    }

    /** Until the table is ACTIVE (an UpdateTable leaves it UPDATING for a while). */
    public void awaitActive(String table) {
        try (var waiter = DynamoDbWaiter.builder().client(dynamoDb)
                .overrideConfiguration(WaiterOverrideConfiguration.builder().waitTimeout(Duration.ofMinutes(30)).build())
                .build()) {
            waiter.waitUntilTableExists(r -> r.tableName(table));
        }
    }
}
