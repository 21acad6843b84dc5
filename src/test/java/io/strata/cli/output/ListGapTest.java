package io.strata.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code list} reports a gap in an incremental chain: the full export that follows it starts a new chain. */
class ListGapTest {

    private static final String REASON = "gap: no export covers 2026-12-06T08:00:00Z to 2026-12-07T02:00:00Z";

    @Test
    void theFullExportAfterAGapSaysSoInTheTableAndInJson() throws Exception {
        ListResult result = new ListResult("my-backups", List.of(
                entry("strata/dynamodb/us-east-1/orders/20261207T020000Z-8dfef8ca/", REASON),
                entry("strata/dynamodb/us-east-1/orders/20261206T020000Z-3f91c061/", null)), List.of(), List.of());

        String human = render(out -> new HumanOutput(out).list(result));
        JsonNode json = Json.MAPPER.readTree(render(out -> new JsonOutput(out).list(result)));

        List<String> lines = human.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("20261207T020000Z") && l.contains("native-export, new chain "
                + "after a gap")), human);
        assertTrue(lines.stream().anyMatch(l -> l.contains("20261206T020000Z") && !l.contains("gap")), human);
        assertEquals(REASON, json.at("/recoveryPoints/0/afterGap").asText());
        assertTrue(json.at("/recoveryPoints/1/afterGap").isNull(), json.toString());
    }

    private static ListResult.Entry entry(String key, String afterGap) {
        ObjectNode details = Json.MAPPER.createObjectNode().put("exportArn", "arn:aws:dynamodb:export/1");
        if (afterGap != null) {
            details.put(RecoveryPoint.AFTER_GAP, afterGap);
        }
        Instant at = Instant.parse("2026-12-07T02:00:41Z");
        RecoveryPoint point = new RecoveryPoint("1.0", key, "dynamodb:orders", "dynamodb", "us-east-1", "nightly",
                "native-export", at.minusSeconds(41), at, 10, 100, null, List.of(), null, details);
        return new ListResult.Entry(point, key, "STANDARD", "daily");
    }

    private static String render(Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        print.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
