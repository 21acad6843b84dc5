package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What point-in-time recovery restores, modelled honestly enough to restore any instant of the window:
 * when PITR is turned on through the proxy, the table's items are copied (the window's first state); from
 * then on every write the proxy forwards to that table (PutItem, UpdateItem, DeleteItem, BatchWriteItem) is
 * logged with the clock's time and the item as DynamoDB Local holds it afterwards (read back by key,
 * consistently, so that an UpdateItem's result and an unprocessed batch write are what they really are).
 * RestoreTableToPointInTime replays the log up to the asked instant (or all of it, for
 * {@code UseLatestRestorableTime}) onto the first state and creates the target from it. Errors as the API
 * reference documents them: TableNotFoundException, PointInTimeRecoveryUnavailableException (PITR off),
 * InvalidRestoreTimeException (outside EarliestRestorableDateTime..LatestRestorableDateTime),
 * TableAlreadyExistsException, LimitExceededException. Not logged: TransactWriteItems, PartiQL writes.
 */
final class DynamoDbPitrHistory {

    private record Write(Instant at, String key, JsonNode item) {
    }

    private record History(JsonNode table, Map<String, JsonNode> first, List<Write> writes) {
    }

    private final DynamoDbProxy proxy;
    private final DynamoDbTableCopies copies;
    private final Supplier<Instant> now;
    private final Map<String, History> byTable = new ConcurrentHashMap<>();

    DynamoDbPitrHistory(DynamoDbProxy proxy, DynamoDbTableCopies copies, Supplier<Instant> now) {
        this.proxy = proxy;
        this.copies = copies;
        this.now = now;
    }

    /** PITR turned on: the table's items now are the window's first state. */
    void started(Call caller, String table) {
        copies.describe(caller, table).ifPresent(described -> {
            Map<String, JsonNode> first = new LinkedHashMap<>();
            copies.items(caller, table).forEach(item -> first.put(DynamoDbTableCopies.key(described, item).toString(), item));
            byTable.put(table, new History(described, first, new ArrayList<>()));
        });
    }

    void forget(String table) {
        byTable.remove(table);
    }

    /** PutItem, UpdateItem or DeleteItem forwarded: logged when the table has PITR. */
    Reply written(Call call, Reply reply) {
        JsonNode request = call.tree();
        if (reply.ok()) {
            log(call, request.path("TableName").asText(), request.path("Key").isMissingNode() ? request.path("Item")
                    : request.path("Key"));
        }
        return reply;
    }

    /** BatchWriteItem answered: each request's item logged as it is now. */
    Reply batchWritten(Call call, Reply reply) {
        if (reply.ok()) {
            call.tree().path("RequestItems").fields().forEachRemaining(table -> table.getValue().forEach(write -> {
                JsonNode put = write.path("PutRequest").path("Item");
                log(call, table.getKey(), put.isMissingNode() ? write.path("DeleteRequest").path("Key") : put);
            }));
        }
        return reply;
    }

    private void log(Call call, String table, JsonNode itemOrKey) {
        History history = byTable.get(table);
        if (history == null) {
            return;
        }
        ObjectNode key = DynamoDbTableCopies.key(history.table(), itemOrKey);
        ObjectNode get = DynamoDbProxy.JSON.createObjectNode().put("TableName", table).put("ConsistentRead", true);
        get.set("Key", key);
        JsonNode item = proxy.forward(call.with("GetItem", get)).tree().get("Item");
        synchronized (history) {
            history.writes().add(new Write(now.get(), key.toString(), item));
        }
    }

    /** RestoreTableToPointInTime; {@code pitrSince} is when PITR was turned on (empty: off). */
    Reply restore(Call call, Optional<Instant> pitrSince) {
        JsonNode request = call.tree();
        String arn = request.path("SourceTableArn").asText("");
        String source = request.has("SourceTableName") ? request.path("SourceTableName").asText()
                : arn.substring(arn.indexOf(":table/") + ":table/".length());
        String target = request.path("TargetTableName").asText("");
        if (copies.describe(call, source).isEmpty()) {
            return Reply.error(400, "TableNotFoundException", "Table not found: " + source);
        }
        History history = byTable.get(source);
        if (pitrSince.isEmpty() || history == null) {
            return Reply.error(400, "PointInTimeRecoveryUnavailableException", "Point in time recovery is not enabled "
                    + "for table '" + source + "'");
        }
        Instant latest = now.get();
        Instant at = request.path("UseLatestRestorableTime").asBoolean(false) ? latest
                : Instant.ofEpochMilli(Math.round(request.path("RestoreDateTime").asDouble() * 1000));
        if (at.isBefore(pitrSince.get()) || at.isAfter(latest)) {
            return Reply.error(400, "InvalidRestoreTimeException", "Restore time " + at + " is outside the restorable "
                    + "window " + pitrSince.get() + " to " + latest);
        }
        if (copies.describe(call, target).isPresent()) {
            return Reply.error(400, "TableAlreadyExistsException", "Table already exists: " + target);
        }
        if (!copies.startRestore()) {
            return copies.tooManyRestores();
        }
        try {
            Map<String, JsonNode> state = new LinkedHashMap<>(history.first());
            synchronized (history) {
                history.writes().stream().filter(w -> !w.at().isAfter(at)).forEach(w -> {
                    if (w.item() == null) {
                        state.remove(w.key());
                    } else {
                        state.put(w.key(), w.item());
                    }
                });
            }
            Reply created = copies.create(call, target, history.table(), List.copyOf(state.values()));
            if (!created.ok()) {
                return created;
            }
            proxy.encryption().restored(target, request.path("SSESpecificationOverride"));
            ObjectNode table = (ObjectNode) copies.describe(call, target).orElseThrow();
            table.putObject("RestoreSummary").put("SourceTableArn", history.table().path("TableArn").asText())
                    .put("RestoreDateTime", at.toEpochMilli() / 1000.0).put("RestoreInProgress", false);
            ObjectNode response = DynamoDbProxy.JSON.createObjectNode();
            response.set("TableDescription", table);
            return Reply.json(200, response);
        } finally {
            copies.endRestore();
        }
    }
}
