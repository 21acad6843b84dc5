package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On-demand backups, which DynamoDB Local lacks, kept by {@link DynamoDbProxy} as the DynamoDB API
 * reference documents CreateBackup, DescribeBackup, DeleteBackup, ListBackups and RestoreTableFromBackup.
 * CreateBackup keeps the table's description and every item as they are at that call (a Scan through
 * DynamoDB Local); the backup is CREATING for {@link #pollsUntilAvailable} DescribeBackup calls, then
 * AVAILABLE. ARNs are {@code <table ARN>/backup/<14 digits>-<8 hex>}. RestoreTableFromBackup creates the
 * target in DynamoDB Local from what was kept ({@link DynamoDbTableCopies}); an {@code SSESpecificationOverride}
 * is the restored table's encryption ({@link DynamoDbEncryption}). Errors as documented:
 * TableNotFoundException (CreateBackup of an unknown table), BackupNotFoundException, BackupInUseException
 * (deleting or restoring a backup still CREATING), TableAlreadyExistsException (a restore onto an existing
 * table), LimitExceededException (more restores running than {@link #restoreLimit}, 50 by default, as AWS
 * allows; point-in-time restores count too), ValidationException (a backup name outside {@code [a-zA-Z0-9_.-]{3,255}}). Restores complete
 * within the call (AWS's take minutes; the table is ACTIVE when the call answers). Not modelled: backup
 * expiry (SYSTEM backups), tags of backups, ListBackups' time bounds.
 */
public final class DynamoDbBackups {

    private record Backup(String arn, String name, JsonNode table, List<JsonNode> items, Instant created,
                          AtomicInteger polls) {
    }

    private final DynamoDbProxy proxy;
    private final DynamoDbTableCopies copies;
    private final Map<String, Backup> byArn = new ConcurrentHashMap<>();
    private volatile int pollsUntilAvailable = 2;
    private volatile Clock clock = Clock.systemUTC();

    DynamoDbBackups(DynamoDbProxy proxy, DynamoDbTableCopies copies) {
        this.proxy = proxy;
        this.copies = copies;
    }

    /** How many DescribeBackup calls see a new backup CREATING before it is AVAILABLE. */
    public void pollsUntilAvailable(int polls) {
        this.pollsUntilAvailable = polls;
    }

    /** Restores allowed at once (a test sets 0 to see LimitExceededException). */
    public void restoreLimit(int limit) {
        copies.restoreLimit(limit);
    }

    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** The ARNs of the backups of {@code table}, for a test's check. */
    public List<String> of(String table) {
        return byArn.values().stream().filter(b -> b.table().path("TableName").asText().equals(table))
                .map(Backup::arn).sorted().toList();
    }

    Reply answer(Call call) {
        JsonNode request = call.tree();
        return switch (call.operation()) {
            case "CreateBackup" -> create(call, request.path("TableName").asText(""), request.path("BackupName").asText(""));
            case "DescribeBackup" -> describe(request.path("BackupArn").asText(""));
            case "DeleteBackup" -> delete(request.path("BackupArn").asText(""));
            case "ListBackups" -> list(request);
            default -> restore(call, request);
        };
    }

    private Reply create(Call call, String table, String name) {
        if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
            return Reply.error(400, "ValidationException", "1 validation error detected: Value '" + name
                    + "' at 'backupName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[a-zA-Z0-9_.-]+");
        }
        Optional<JsonNode> described = copies.describe(call, table);
        if (described.isEmpty()) {
            return Reply.error(400, "TableNotFoundException", "Table not found: " + table);
        }
        Instant now = clock.instant();
        String arn = described.get().path("TableArn").asText() + "/backup/" + String.format("%014d", now.toEpochMilli())
                + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Backup backup = new Backup(arn, name, described.get(), copies.items(call, table), now, new AtomicInteger());
        byArn.put(arn, backup);
        ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
        response.set("BackupDetails", details(backup));
        return Reply.json(200, response);
    }

    private Reply describe(String arn) {
        Backup backup = byArn.get(arn);
        if (backup == null) {
            return notFound(arn);
        }
        backup.polls().incrementAndGet();
        ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
        ObjectNode description = response.putObject("BackupDescription");
        description.set("BackupDetails", details(backup));
        JsonNode table = backup.table();
        ObjectNode source = description.putObject("SourceTableDetails").put("TableName", table.path("TableName").asText())
                .put("TableId", table.path("TableId").asText()).put("TableArn", table.path("TableArn").asText())
                .put("ItemCount", backup.items().size()).put("TableSizeBytes", table.path("TableSizeBytes").asLong())
                .put("TableCreationDateTime", table.path("CreationDateTime").asDouble())
                .put("BillingMode", table.path("BillingModeSummary").path("BillingMode").asText("PROVISIONED"));
        source.set("KeySchema", table.path("KeySchema"));
        return Reply.json(200, response);
    }

    private Reply delete(String arn) {
        Backup backup = byArn.get(arn);
        if (backup == null) {
            return notFound(arn);
        }
        if (!available(backup)) {
            return Reply.error(400, "BackupInUseException", "Backup is being created: " + arn);
        }
        byArn.remove(arn);
        ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
        ObjectNode details = details(backup).put("BackupStatus", "DELETED");
        response.putObject("BackupDescription").set("BackupDetails", details);
        return Reply.json(200, response);
    }

    private Reply list(JsonNode request) {
        String table = request.path("TableName").asText(null);
        String type = request.path("BackupType").asText("USER");
        ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
        ArrayNode summaries = response.putArray("BackupSummaries");
        byArn.values().stream().filter(b -> table == null || b.table().path("TableName").asText().equals(table))
                .filter(b -> type.equals("USER") || type.equals("ALL"))
                .sorted((a, b) -> a.arn().compareTo(b.arn()))
                .forEach(b -> summaries.add(details(b).put("TableName", b.table().path("TableName").asText())
                        .put("TableId", b.table().path("TableId").asText())
                        .put("TableArn", b.table().path("TableArn").asText())));
        return Reply.json(200, response);
    }

    private Reply restore(Call call, JsonNode request) {
        String arn = request.path("BackupArn").asText("");
        String target = request.path("TargetTableName").asText("");
        Backup backup = byArn.get(arn);
        if (backup == null) {
            return notFound(arn);
        }
        if (!available(backup)) {
            return Reply.error(400, "BackupInUseException", "Backup is being created: " + arn);
        }
        if (copies.describe(call, target).isPresent()) {
            return Reply.error(400, "TableAlreadyExistsException", "Table already exists: " + target);
        }
        if (!copies.startRestore()) {
            return copies.tooManyRestores();
        }
        try {
            Reply created = copies.create(call, target, backup.table(), backup.items());
            if (!created.ok()) {
                return created;
            }
            proxy.encryption().restored(target, request.path("SSESpecificationOverride"));
            ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
            ObjectNode table = (ObjectNode) copies.describe(call, target).orElseThrow();
            table.putObject("RestoreSummary").put("SourceBackupArn", arn)
                    .put("SourceTableArn", backup.table().path("TableArn").asText())
                    .put("RestoreDateTime", clock.instant().toEpochMilli() / 1000.0).put("RestoreInProgress", false);
            response.set("TableDescription", table);
            return Reply.json(200, response);
        } finally {
            copies.endRestore();
        }
    }

    private boolean available(Backup backup) {
        return backup.polls().get() >= pollsUntilAvailable;
    }

    private ObjectNode details(Backup backup) {
        return DynamoDbProxy.JSON.createObjectNode().put("BackupArn", backup.arn()).put("BackupName", backup.name())
                .put("BackupSizeBytes", backup.table().path("TableSizeBytes").asLong())
                .put("BackupStatus", available(backup) ? "AVAILABLE" : "CREATING").put("BackupType", "USER")
                .put("BackupCreationDateTime", backup.created().toEpochMilli() / 1000.0);
    }

    private static Reply notFound(String arn) {
        return Reply.error(400, "BackupNotFoundException", "Backup not found: " + arn);
    }
}
