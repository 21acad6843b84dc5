package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.Failures;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.error.VaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore needs to rebuild a table, saved in {@code recovery-point.json}: keys, indexes,
 * billing, TTL, stream, encryption and tags. Plain values so the descriptor stays readable JSON.
 *
 * @param sseKmsKeyArn the KMS key of a table encrypted with a KMS key ({@code sseType} KMS); null otherwise
 * @param pitrDays     the recovery period of the table's point-in-time recovery when it was on; null when off
 *                     or unknown (descriptors written before it was recorded, an endpoint without PITR)
 */
public record TableSchema(
        String tableName,
        String tableArn,
        String tableId,
        List<Key> keySchema,
        List<Attribute> attributeDefinitions,
        String billingMode,
        Throughput provisionedThroughput,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        String ttlAttribute,
        Stream stream,
        String sseType,
        Map<String, String> tags,
        long itemCount,
        long sizeBytes,
        String sseKmsKeyArn,
        Integer pitrDays) {

    public TableSchema {
        keySchema = List.copyOf(keySchema);
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalSecondaryIndexes = globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A schema without the KMS key and PITR (what descriptors recorded before both were). */
    public TableSchema(String tableName, String tableArn, String tableId, List<Key> keySchema,
                       List<Attribute> attributeDefinitions, String billingMode, Throughput provisionedThroughput,
                       List<Index> globalSecondaryIndexes, List<Index> localSecondaryIndexes, String ttlAttribute,
                       Stream stream, String sseType, Map<String, String> tags, long itemCount, long sizeBytes) {
        this(tableName, tableArn, tableId, keySchema, attributeDefinitions, billingMode, provisionedThroughput,
                globalSecondaryIndexes, localSecondaryIndexes, ttlAttribute, stream, sseType, tags, itemCount, sizeBytes,
                null, null);
    }

    /** keyType HASH or RANGE. */
    public record Key(String name, String keyType) {
    }

    /** type S, N or B. */
    public record Attribute(String name, String type) {
    }

    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
    }

    /** A GSI or LSI; {@code provisionedThroughput} is null for LSIs and on-demand tables. */
    public record Index(String name, List<Key> keySchema, String projectionType, List<String> nonKeyAttributes,
                        Throughput provisionedThroughput) {
    }

    public record Stream(boolean enabled, String viewType) {
    }

    /** A schema from keys alone ({@code --key pk:S,sk:N}), for a native export that carries none. */
    public static TableSchema fromKeys(String tableName, String keySpec) {
        String[] parts = keySpec.split(",");
        if (parts.length < 1 || parts.length > 2) {
            throw new IllegalArgumentException("--key must be HASH:TYPE[,RANGE:TYPE], e.g. pk:S,sk:N, not '" + keySpec + "'");
        }
        List<Key> keys = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String[] nameType = parts[i].trim().split(":");
            if (nameType.length != 2 || nameType[0].isBlank() || !nameType[1].matches("[SNB]")) {
                throw new IllegalArgumentException("--key part '" + parts[i] + "' must be NAME:S, NAME:N or NAME:B");
            }
            keys.add(new Key(nameType[0], i == 0 ? "HASH" : "RANGE"));
            attributes.add(new Attribute(nameType[0], nameType[1]));
        }
        return new TableSchema(tableName, null, null, keys, attributes, "PAY_PER_REQUEST", null, List.of(), List.of(),
                null, null, null, Map.of(), 0, 0);
    }

    /** As kept in {@code recovery-point.json}. */
    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** The schema a DynamoDB recovery point saved; empty for one without (none is written so today). */
    public static Optional<TableSchema> of(RecoveryPoint point) {
        if (point.schema() == null || point.schema().isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.treeToValue(point.schema(), TableSchema.class));
        } catch (JsonProcessingException e) {
            throw new VaultException("The schema in " + point.key() + "recovery-point.json is unreadable: " + Failures.message(e), e);
        }
    }

    public List<String> keyNames() {
        return keySchema.stream().map(Key::name).toList();
    }
}
