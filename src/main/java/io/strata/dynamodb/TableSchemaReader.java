package io.strata.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Reads a live table's {@link TableSchema}: DescribeTable, DescribeTimeToLive, ListTagsOfResource. */
public final class TableSchemaReader {

    private static final Logger LOG = LoggerFactory.getLogger(TableSchemaReader.class);

    private final DynamoDbClient dynamoDb;

    public TableSchemaReader(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Throws ResourceNotFoundException for an unknown table. */
    public TableSchema read(String tableName) {
        return read(dynamoDb.describeTable(r -> r.tableName(tableName)).table());
    }

    /** The schema of the table {@code table} describes (DescribeTable's answer), with its TTL and tags. */
    public TableSchema read(TableDescription table) {
        String tableName = table.tableName();
        var ttl = dynamoDb.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
        String ttlAttribute = ttl != null && ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED ? ttl.attributeName() : null;
        boolean provisioned = table.billingModeSummary() == null
                || table.billingModeSummary().billingMode() == BillingMode.PROVISIONED;
        return new TableSchema(
                table.tableName(), table.tableArn(), table.tableId(),
                keys(table.keySchema()),
                table.attributeDefinitions().stream()
                        .map(a -> new TableSchema.Attribute(a.attributeName(), a.attributeTypeAsString())).toList(),
                provisioned ? BillingMode.PROVISIONED.toString() : BillingMode.PAY_PER_REQUEST.toString(),
                provisioned ? throughput(table.provisionedThroughput()) : null,
                table.globalSecondaryIndexes().stream().map(g -> new TableSchema.Index(g.indexName(),
                        keys(g.keySchema()), g.projection().projectionTypeAsString(), nonKey(g.projection()),
                        provisioned ? throughput(g.provisionedThroughput()) : null)).toList(),
                table.localSecondaryIndexes().stream().map(l -> new TableSchema.Index(l.indexName(),
                        keys(l.keySchema()), l.projection().projectionTypeAsString(), nonKey(l.projection()), null)).toList(),
                ttlAttribute,
                table.streamSpecification() == null ? null : new TableSchema.Stream(
                        Boolean.TRUE.equals(table.streamSpecification().streamEnabled()),
                        table.streamSpecification().streamViewTypeAsString()),
                table.sseDescription() == null ? null : table.sseDescription().sseTypeAsString(),
                tags(table.tableArn()),
                table.itemCount() == null ? 0 : table.itemCount(),
                table.tableSizeBytes() == null ? 0 : table.tableSizeBytes(),
                table.sseDescription() == null ? null : table.sseDescription().kmsMasterKeyArn(),
                pitrDays(tableName));
    }

    /**
     * The recovery period of the table's PITR, null when it is off. DynamoDB Local (the demo's, local mode's)
     * knows no continuous backups: there, as for a table without PITR, nothing is recorded.
     */
    Integer pitrDays(String tableName) {
        try {
            var pitr = dynamoDb.describeContinuousBackups(r -> r.tableName(tableName)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription();
            return pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED
                    ? Optional.ofNullable(pitr.recoveryPeriodInDays()).orElse(35) : null;
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() == null || !"UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            LOG.debug("No PITR read for {}: this endpoint knows no continuous backups", tableName);
            return null;
        }
    }

    public Map<String, String> tags(String tableArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String next = null;
        try {
            do {
                String token = next;
                var page = dynamoDb.listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(token));
                page.tags().forEach(t -> tags.put(t.key(), t.value()));
                next = page.nextToken();
            } while (next != null);
        } catch (DynamoDbException e) {
            if (!taggingUnsupported(e)) {
                throw e;
            }
            LOG.debug("No tags read for {}: this endpoint does not support tagging", tableArn);
        }
        return tags;
    }

    /** DynamoDB Local answers every tagging call so; real DynamoDB supports tagging everywhere. */
    /** The keys of an existing table (for checking an export against it), nothing else. */
    static TableSchema keysOf(TableDescription table) {
        return new TableSchema(table.tableName(), table.tableArn(), table.tableId(), keys(table.keySchema()),
                table.attributeDefinitions().stream()
                        .map(a -> new TableSchema.Attribute(a.attributeName(), a.attributeTypeAsString())).toList(),
                null, null, List.of(), List.of(), null, null, null, Map.of(), 0, 0);
    }

    static boolean taggingUnsupported(DynamoDbException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().startsWith("Tagging is not currently supported");
    }

    private static List<TableSchema.Key> keys(List<KeySchemaElement> elements) {
        return elements.stream().map(k -> new TableSchema.Key(k.attributeName(), k.keyTypeAsString())).toList();
    }

    private static List<String> nonKey(Projection projection) {
        return projection.hasNonKeyAttributes() ? List.copyOf(projection.nonKeyAttributes()) : List.of();
    }

    private static TableSchema.Throughput throughput(ProvisionedThroughputDescription description) {
        return description == null ? null
                : new TableSchema.Throughput(description.readCapacityUnits(), description.writeCapacityUnits());
    }
}
