package io.strata.bench;

import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.dynamodb.ExportManifest;
import io.strata.dynamodb.TableExporter;
import io.strata.dynamodb.TableSchema;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Fills a vault with many committed DynamoDB recovery points fast. Exporting 10,000 tables' worth
 * of recovery points would take hours, so one small table is exported for real once, and that
 * export is cloned: for each table and day, the same data file under a new key, and the manifests
 * and descriptor a real export of that table at that time would write (new folder, export id,
 * table name/ARN/id, start and end times), in the same order (data, manifest-files.json,
 * manifest-summary.json, then recovery-point.json: the commit). The clones pass
 * {@code Vault.read} and {@code ExportVerifier} like the original.
 */
final class ArchiveSeeder {

    static final String PLAN = "bench";
    /** Objects a clone writes: the data file, the two manifests, the descriptor. */
    static final int OBJECTS_PER_POINT = 4;

    /** The real export every clone copies, and its stored pieces. */
    record Template(RecoveryPoint point, TableSchema schema, ExportManifest.Summary summary, DataFile file,
                    String dataName, byte[] data) {
    }

    /** What one seeding wrote: the committed keys, table by table, newest first within a table. */
    record Seeding(List<String> tables, List<List<String>> keysByTable) {

        int points() {
            return keysByTable.stream().mapToInt(List::size).sum();
        }
    }

    private final Vault vault;
    private final Template template;
    private final int threads;

    ArchiveSeeder(Vault vault, Template template, int threads) {
        this.vault = vault;
        this.template = template;
        this.threads = threads;
    }

    /** Exports {@code items} generated items of a new table with one segment: one small data file. */
    static Template template(DynamoDbClient dynamoDb, Vault vault, StrataSettings settings, String region, String table,
                             int items) throws Exception {
        RawBaseline.createTable(dynamoDb, table);
        RawBaseline.write(dynamoDb, table, items, 1);
        RecoveryPoint point = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), region)
                .export(table, PLAN);
        if (point.files().size() != 1 || point.exportPrefix() == null) {
            throw new IllegalStateException("the template export should have one data file, has " + point.files().size()
                    + " (strata.dynamodb.segments=1?)");
        }
        DataFile file = point.files().get(0);
        byte[] data = vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(file.key())).asByteArray();
        ExportManifest.Summary summary;
        try (InputStream in = vault.open(point.exportPrefix() + ExportManifest.SUMMARY)) {
            summary = ExportManifest.readSummary(in);
        }
        TableSchema schema = Json.MAPPER.treeToValue(point.schema(), TableSchema.class);
        return new Template(point, schema, summary, file, file.key().substring(point.exportPrefix().length()), data);
    }

    /** {@code bench-0000}, {@code bench-0001}, ... */
    static String table(int index) {
        return String.format("bench-%04d", index);
    }

    /**
     * {@code points} recovery points over {@code tables} tables (the remainder to the first tables),
     * one a day per table going back from {@code newest}; table {@code t} is taken {@code t}
     * seconds after the hour, so that tables differ in time as a plan's resources do.
     */
    Seeding seed(int points, int tables, Instant newest) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "seeder");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<String> names = new ArrayList<>();
            List<List<Future<String>>> futures = new ArrayList<>();
            for (int t = 0; t < tables; t++) {
                String table = table(t);
                names.add(table);
                int days = points / tables + (t < points % tables ? 1 : 0);
                List<Future<String>> ofTable = new ArrayList<>();
                for (int day = 0; day < days; day++) {
                    Instant time = newest.minus(Duration.ofDays(day)).plusSeconds(t % 3600);
                    ofTable.add(pool.submit(() -> clone(table, time)));
                }
                futures.add(ofTable);
            }
            List<List<String>> keys = new ArrayList<>();
            for (List<Future<String>> ofTable : futures) {
                List<String> tableKeys = new ArrayList<>();
                for (Future<String> future : ofTable) {
                    tableKeys.add(future.get());
                }
                keys.add(tableKeys);
            }
            return new Seeding(names, keys);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One clone, written as the exporter writes: data, files manifest, summary, descriptor last. Returns its key. */
    String clone(String table, Instant started) {
        RecoveryPoint original = template.point();
        RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), original.service(), original.region(), table, started);
        // As TableExporter names a native-format export: <epoch millis, 14 digits>-<the key's suffix>.
        String exportId = String.format("%014d-%s", started.toEpochMilli(), key.suffix());
        String exportPrefix = key.prefix() + "AWSDynamoDB/" + exportId + "/";
        DataFile source = template.file();
        String dataKey = exportPrefix + template.dataName();
        String etag = vault.s3().putObject(vault.encryption().apply(PutObjectRequest.builder().bucket(vault.bucket())
                .key(dataKey)).build(), RequestBody.fromBytes(template.data())).eTag().replace("\"", "");
        if (!etag.equals(source.etag())) {
            throw new IllegalStateException("s3://" + vault.bucket() + "/" + dataKey + " stored with ETag " + etag
                    + ", the template's is " + source.etag());
        }
        DataFile file = new DataFile(dataKey, source.itemCount(), source.bytes(), etag, source.md5Base64(), source.sha256Hex());
        String filesKey = exportPrefix + ExportManifest.FILES;
        vault.putBytes(filesKey, filesManifest(file), "application/json");
        Instant finished = started.plus(Duration.between(original.startedAt(), original.finishedAt()));
        TableSchema schema = schemaOf(table);
        ExportManifest.Summary summary = template.summary();
        vault.putJson(exportPrefix + ExportManifest.SUMMARY, new ExportManifest.Summary(summary.version(),
                schema.tableArn() + "/export/" + exportId, started, finished, schema.tableArn(), schema.tableId(), started,
                vault.bucket(), key.prefix().substring(0, key.prefix().length() - 1), summary.s3SseAlgorithm(),
                summary.s3SseKmsKeyId(), filesKey, summary.billedSizeBytes(), summary.itemCount(), summary.outputFormat()));
        vault.commit(new RecoveryPoint(original.strataVersion(), key.prefix(), original.service() + ":" + table,
                original.service(), original.region(), PLAN, original.mode(), started, finished, original.itemCount(),
                original.bytes(), exportPrefix, List.of(file), schema.toJson(), original.details()));
        return key.prefix();
    }

    /** The template's schema as another table's: its name, ARN and a table id of its own. */
    private TableSchema schemaOf(String table) {
        TableSchema s = template.schema();
        String arn = s.tableArn() == null ? null : s.tableArn().substring(0, s.tableArn().lastIndexOf('/') + 1) + table;
        String id = s.tableId() == null ? null : UUID.nameUUIDFromBytes(table.getBytes(StandardCharsets.UTF_8)).toString();
        return new TableSchema(table, arn, id, s.keySchema(), s.attributeDefinitions(), s.billingMode(),
                s.provisionedThroughput(), s.globalSecondaryIndexes(), s.localSecondaryIndexes(), s.ttlAttribute(),
                s.stream(), s.sseType(), s.tags(), s.itemCount(), s.sizeBytes());
    }

    private static byte[] filesManifest(DataFile file) {
        try {
            return ExportManifest.filesToBytes(List.of(ExportManifest.FileEntry.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects and bytes in the vault's bucket, from one listing. */
    record Stored(long objects, long bytes) {
    }

    static Stored stored(Vault vault) {
        long objects = 0;
        long bytes = 0;
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())).contents()) {
            objects++;
            bytes += object.size();
        }
        return new Stored(objects, bytes);
    }

    /** Deletes every object of the vault's bucket (the destructive rounds start from a fresh seeding). */
    static long wipe(Vault vault) {
        List<ObjectIdentifier> all = new ArrayList<>();
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())).contents()) {
            all.add(ObjectIdentifier.builder().key(object.key()).build());
        }
        for (int i = 0; i < all.size(); i += 1000) {
            List<ObjectIdentifier> batch = all.subList(i, Math.min(all.size(), i + 1000));
            vault.s3().deleteObjects(r -> r.bucket(vault.bucket()).delete(d -> d.objects(batch).quiet(true)));
        }
        return all.size();
    }
}
