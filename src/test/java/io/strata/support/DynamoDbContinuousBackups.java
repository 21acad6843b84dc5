package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Point-in-time recovery per table, which DynamoDB Local lacks, kept by {@link DynamoDbProxy} as the
 * DynamoDB API reference documents DescribeContinuousBackups and UpdateContinuousBackups: continuous
 * backups are always ENABLED; PITR is DISABLED until turned on, then ENABLED with
 * {@code RecoveryPeriodInDays} (1–35, default 35), {@code EarliestRestorableDateTime} the moment it
 * was turned on and {@code LatestRestorableDateTime} now (AWS lags ~5 minutes; here the table's
 * present state is the latest restorable one). A table DynamoDB Local does not know answers
 * TableNotFoundException; a period outside 1–35 ValidationException. DeleteTable forgets the table.
 * Other fakes (exports, restores) ask {@link #enabledSince} whether a table has PITR.
 */
public final class DynamoDbContinuousBackups {

    /** PITR of one table: since when, kept how many days. */
    public record Pitr(Instant since, int days) {
    }

    private final DynamoDbProxy proxy;
    private final Map<String, Pitr> byTable = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();

    DynamoDbContinuousBackups(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /** The clock the restorable window is read from (a test's fixed or settable clock). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code table} has PITR on, and since when. */
    public Optional<Pitr> enabledSince(String table) {
        return Optional.ofNullable(byTable.get(table));
    }

    /** Turns PITR on as another tool would (a test's setup), without a call. */
    public void enable(String table, int days) {
        byTable.put(table, new Pitr(clock.instant(), days));
    }

    void forget(String table) {
        byTable.remove(table);
    }

    Reply answer(Call call) {
        JsonNode request = call.tree();
        String table = request.path("TableName").asText("");
        Reply described = proxy.forward(call.with("DescribeTable", DynamoDbProxy.JSON.createObjectNode()
                .put("TableName", table)));
        if (!described.ok()) {
            return Reply.error(400, "TableNotFoundException", "Table not found: " + table);
        }
        if (call.operation().equals("UpdateContinuousBackups")) {
            JsonNode spec = request.path("PointInTimeRecoverySpecification");
            if (!spec.has("PointInTimeRecoveryEnabled")) {
                return Reply.error(400, "ValidationException", "PointInTimeRecoverySpecification is required");
            }
            int days = spec.path("RecoveryPeriodInDays").asInt(35);
            if (days < 1 || days > 35) {
                return Reply.error(400, "ValidationException", "RecoveryPeriodInDays must be between 1 and 35, not "
                        + days);
            }
            if (spec.path("PointInTimeRecoveryEnabled").asBoolean()) {
                byTable.compute(table, (t, was) -> was == null ? new Pitr(clock.instant(), days)
                        : new Pitr(was.since(), days));
            } else {
                byTable.remove(table);
            }
        }
        return Reply.json(200, DynamoDbProxy.JSON.createObjectNode().set("ContinuousBackupsDescription",
                description(table)));
    }

    private ObjectNode description(String table) {
        ObjectNode pitr = DynamoDbProxy.JSON.createObjectNode();
        Pitr on = byTable.get(table);
        if (on == null) {
            pitr.put("PointInTimeRecoveryStatus", "DISABLED");
        } else {
            pitr.put("PointInTimeRecoveryStatus", "ENABLED").put("RecoveryPeriodInDays", on.days())
                    .put("EarliestRestorableDateTime", on.since().toEpochMilli() / 1000.0)
                    .put("LatestRestorableDateTime", clock.instant().toEpochMilli() / 1000.0);
        }
        return DynamoDbProxy.JSON.createObjectNode().put("ContinuousBackupsStatus", "ENABLED")
                .set("PointInTimeRecoveryDescription", pitr);
    }
}
