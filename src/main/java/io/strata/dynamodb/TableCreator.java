package io.strata.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Rebuilds a table from a {@link TableSchema}: keys, indexes and billing at creation; TTL, tags and
 * the stream once the data is in, so that restoring does not flood a stream or expire items midway.
 */
public final class TableCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TableCreator.class);

    private final DynamoDbClient dynamoDb;

    public TableCreator(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public void create(String tableName, TableSchema schema) {
        create(tableName, schema, new Tag[0]);
    }

    /**
     * Creates the table carrying {@code tags} from its first moment (CreateTable's own Tags), waits
     * until it is ACTIVE and returns its ARN. The saved tags come later, with {@link #applySettings}.
     */
    public String create(String tableName, TableSchema schema, Tag... tags) {
        boolean provisioned = BillingMode.PROVISIONED.toString().equals(schema.billingMode())
                && schema.provisionedThroughput() != null;
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .keySchema(keys(schema.keySchema()))
                .attributeDefinitions(schema.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                        .attributeName(a.name()).attributeType(a.type()).build()).toList())
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST);
        if (tags.length > 0) {
            request.tags(tags);
        }
        if (provisioned) {
            request.provisionedThroughput(throughput(schema.provisionedThroughput()));
        }
        if (!schema.globalSecondaryIndexes().isEmpty()) {
            request.globalSecondaryIndexes(schema.globalSecondaryIndexes().stream().map(index -> {
                var gsi = GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(keys(index.keySchema()))
                        .projection(projection(index));
                if (provisioned && index.provisionedThroughput() != null) {
                    gsi.provisionedThroughput(throughput(index.provisionedThroughput()));
                }
                return gsi.build();
            }).toList());
        }
        if (!schema.localSecondaryIndexes().isEmpty()) {
            request.localSecondaryIndexes(schema.localSecondaryIndexes().stream().map(index -> LocalSecondaryIndex.builder()
                    .indexName(index.name()).keySchema(keys(index.keySchema())).projection(projection(index)).build())
                    .toList());
        }
        LOG.info("Creating table {} ({} billing, {} GSI, {} LSI)", tableName, provisioned ? "provisioned" : "on-demand",
                schema.globalSecondaryIndexes().size(), schema.localSecondaryIndexes().size());
        dynamoDb.createTable(request.build());
        try (var waiter = DynamoDbWaiter.builder().client(dynamoDb)
                .overrideConfiguration(WaiterOverrideConfiguration.builder().waitTimeout(Duration.ofMinutes(30)).build())
                .build()) {
            return waiter.waitUntilTableExists(r -> r.tableName(tableName)).matched().response()
                    .map(response -> response.table().tableArn())
                    .orElseGet(() -> dynamoDb.describeTable(r -> r.tableName(tableName)).table().tableArn());
        }
    }

    /**
     * TTL, tags and stream (and PITR and the KMS key, when recorded), applied after the items are written;
     * idempotent, so that a restore into a table an interrupted restore created (or with --overwrite) ends with
     * the same settings. {@link TableSettingsReapply} does it, as for every other kind of restore.
     */
    public void applySettings(String tableName, TableSchema schema) {
        applySettings(tableName, schema, schema.tags());
    }

    /** The same, with {@code tags} instead of the saved ones (a restore leaves off those plans select on). */
    void applySettings(String tableName, TableSchema schema, Map<String, String> tags) {
        new TableSettingsReapply(dynamoDb).apply(tableName, schema, tags);
    }

    void applyTags(String tableName, Map<String, String> wanted) {
        new TableSettingsReapply(dynamoDb).applyTags(tableName, wanted);
    }

    private static List<KeySchemaElement> keys(List<TableSchema.Key> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.name()).keyType(k.keyType()).build())
                .toList();
    }

    private static Projection projection(TableSchema.Index index) {
        var projection = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(TableSchema.Throughput throughput) {
        return ProvisionedThroughput.builder().readCapacityUnits(throughput.readCapacityUnits())
                .writeCapacityUnits(throughput.writeCapacityUnits()).build();
    }
}
