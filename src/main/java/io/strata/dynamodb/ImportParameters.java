package io.strata.dynamodb;

import io.strata.vault.DataFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The ImportTable request of a restore with {@code --import}: the export's data folder as
 * {@code S3BucketSource} (DYNAMODB_JSON, GZIP, as both Strata's and DynamoDB's exports write it) and
 * the saved keys, attributes, billing and GSIs as {@code TableCreationParameters}. ImportTable reads
 * every object under the prefix, so the prefix must hold exactly the export's files: an object planted
 * beside them would become items of the new table that no digest vouches for.
 */
final class ImportParameters {

    private ImportParameters() {
    }

    /** The one folder holding every data file ({@code …/AWSDynamoDB/<id>/data/}). */
    static String dataPrefix(ExportSource source) {
        Set<String> folders = new TreeSet<>();
        for (DataFile file : source.files()) {
            folders.add(file.key().substring(0, file.key().lastIndexOf('/') + 1));
        }
        if (folders.size() != 1) {
            throw new RestoreException(source.description() + " keeps its data files in " + folders.size()
                    + " folders " + folders + ": ImportTable reads one prefix; restore without --import");
        }
        return folders.iterator().next();
    }

    /** Fails naming them unless the objects under {@code prefix} are exactly the export's files. */
    static void checkOnlyTheFiles(S3Client s3, ExportSource source, String prefix) {
        Set<String> expected = new TreeSet<>(source.files().stream().map(DataFile::key).toList());
        Set<String> found = new TreeSet<>(s3.listObjectsV2Paginator(r -> r.bucket(source.bucket()).prefix(prefix))
                .contents().stream().map(S3Object::key).toList());
        Set<String> extra = new TreeSet<>(found);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(found);
        if (!extra.isEmpty() || !missing.isEmpty()) {
            throw new RestoreException("s3://" + source.bucket() + "/" + prefix + " does not hold exactly the files of "
                    + source.description() + (extra.isEmpty() ? "" : "; not listed in it: " + extra)
                    + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + ": ImportTable would import every object under it; nothing was created");
        }
    }

    static ImportTableRequest request(ExportSource source, String prefix, String target, TableSchema schema) {
        boolean provisioned = BillingMode.PROVISIONED.toString().equals(schema.billingMode())
                && schema.provisionedThroughput() != null;
        TableCreationParameters.Builder table = TableCreationParameters.builder().tableName(target)
                .keySchema(keys(schema.keySchema()))
                .attributeDefinitions(schema.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                        .attributeName(a.name()).attributeType(a.type()).build()).toList())
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST);
        if (provisioned) {
            table.provisionedThroughput(throughput(schema.provisionedThroughput()));
        }
        if (!schema.globalSecondaryIndexes().isEmpty()) {
            table.globalSecondaryIndexes(schema.globalSecondaryIndexes().stream().map(index -> {
                Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
                if (!index.nonKeyAttributes().isEmpty()) {
                    projection.nonKeyAttributes(index.nonKeyAttributes());
                }
                GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(keys(index.keySchema())).projection(projection.build());
                if (provisioned && index.provisionedThroughput() != null) {
                    gsi.provisionedThroughput(throughput(index.provisionedThroughput()));
                }
                return gsi.build();
            }).toList());
        }
        return ImportTableRequest.builder()
                .clientToken(clientToken(source.reference(), target))
                .s3BucketSource(s -> s.s3Bucket(source.bucket()).s3KeyPrefix(prefix))
                .inputFormat(InputFormat.DYNAMODB_JSON)
                .inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(table.build())
                .build();
    }

    /**
     * The same for every attempt of one restore (a retried call within AWS's 8 hours starts no second
     * import), different for another target.
     */
    static String clientToken(String reference, String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((reference + "\n" + target).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<KeySchemaElement> keys(List<TableSchema.Key> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.name()).keyType(k.keyType()).build())
                .toList();
    }

    private static ProvisionedThroughput throughput(TableSchema.Throughput throughput) {
        return ProvisionedThroughput.builder().readCapacityUnits(throughput.readCapacityUnits())
                .writeCapacityUnits(throughput.writeCapacityUnits()).build();
    }
}
