package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The INCREMENTAL_EXPORT side of {@link DynamoDbExports}, as the DynamoDB developer guide documents its
 * output (view NEW_AND_OLD_IMAGES): one line per item changed in {@code [ExportFromTime, ExportToTime)},
 * compacted to its state at the window's end, {@code {"Metadata":{"WriteTimestampMicros":{"N":…}},
 * "Keys":{…},"NewImage":{…},"OldImage":{…}}}; no {@code NewImage} for an item deleted, no {@code OldImage}
 * for one created. The changes are read from {@link DynamoDbItemHistory}. The window must lie in the
 * table's PITR window and last 15 minutes to 24 hours, else ValidationException as AWS answers.
 */
final class DynamoDbIncrementalExports {

    private DynamoDbIncrementalExports() {
    }

    /** Why AWS would refuse the request's window, or empty when it is a valid one. */
    static Optional<String> refusal(JsonNode request, Instant pitrSince, Instant now) {
        JsonNode spec = request.path("IncrementalExportSpecification");
        if (!spec.has("ExportFromTime") || !spec.has("ExportToTime")) {
            return Optional.of("IncrementalExportSpecification needs ExportFromTime and ExportToTime here");
        }
        if (!spec.path("ExportViewType").asText("NEW_AND_OLD_IMAGES").equals("NEW_AND_OLD_IMAGES")) {
            return Optional.of("this test double exports the view NEW_AND_OLD_IMAGES only");
        }
        Instant from = seconds(spec.path("ExportFromTime"));
        Instant to = seconds(spec.path("ExportToTime"));
        Duration window = Duration.between(from, to);
        if (window.compareTo(Duration.ofMinutes(15)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
            return Optional.of("The export period must be between 15 minutes and 24 hours, not " + window);
        }
        if (from.isBefore(pitrSince) || to.isAfter(now)) {
            return Optional.of("The export period " + from + " to " + to + " is outside the restorable window "
                    + pitrSince + " to " + now);
        }
        return Optional.empty();
    }

    /** The export's window's end: its data is as of then. */
    static Instant to(JsonNode request) {
        return seconds(request.path("IncrementalExportSpecification").path("ExportToTime"));
    }

    /** The data lines of the incremental export of {@code table} that {@code request} asks for. */
    static List<String> lines(DynamoDbItemHistory history, String table, JsonNode request) {
        JsonNode spec = request.path("IncrementalExportSpecification");
        return history.changes(table, seconds(spec.path("ExportFromTime")), seconds(spec.path("ExportToTime"))).stream()
                .map(change -> {
                    ObjectNode line = DynamoDbProxy.JSON.createObjectNode();
                    line.putObject("Metadata").putObject("WriteTimestampMicros")
                            .put("N", String.valueOf(change.lastWriteMicros()));
                    line.set("Keys", change.keys());
                    if (change.newImage() != null) {
                        line.set("NewImage", change.newImage());
                    }
                    if (change.oldImage() != null) {
                        line.set("OldImage", change.oldImage());
                    }
                    return line.toString();
                }).toList();
    }

    private static Instant seconds(JsonNode epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds.asDouble() * 1000));
    }
}
