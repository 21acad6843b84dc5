package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.thaw.ThawRetrieval;
import io.strata.plan.PlanCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Tier;

/** Every request shape, and every way a request file is refused, with the reason it names. */
class RequestParserTest {

    private final RequestParser parser;

    RequestParserTest() {
        Properties plans = new Properties();
        plans.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        plans.setProperty("strata.plan.nightly.resources", "dynamodb:orders, dynamodb:tag/env=prod");
        parser = new RequestParser(PlanCatalog.from(plans, Services.selectors()::parse), Services.selectors()::parse,
                Services.restoreOptions());
    }

    private TriggerRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private String rejected(byte[] content) {
        return assertThrows(RejectedRequest.class, () -> parser.parse(content)).getMessage();
    }

    private String rejected(String json) {
        return rejected(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPlanBackupTakesThePlansSelectors() {
        var backup = (TriggerRequest.Backup) parse("{\"action\":\"backup\",\"plan\":\"nightly\"}");
        assertEquals("nightly", backup.plan());
        assertEquals("[dynamodb:orders, dynamodb:tag/env=prod]", backup.resources().toString());
    }

    @Test
    void aSelectorBackupHasNoPlan() {
        var backup = (TriggerRequest.Backup) parse("{\"action\":\"backup\",\"resources\":[\"dynamodb:orders\",\"rds:instance/db\"]}");
        assertNull(backup.plan());
        assertEquals(2, backup.resources().size());
    }

    @Test
    void aRestoreMapsItsFieldsToTheServicesOptionsAndLeavesFalseOut() {
        var restore = (TriggerRequest.Restore) parse("{\"action\":\"restore\",\"recoveryPoint\":\"strata/x/\","
                + "\"target\":\"orders-restored\",\"overwrite\":false,\"keepPartial\":true,\"instanceClass\":\"db.r6g.large\"}");
        assertEquals("strata/x/", restore.recoveryPoint());
        assertEquals("orders-restored", restore.request().target());
        assertEquals(Map.of("keep-partial", "true", "instance-class", "db.r6g.large"), restore.request().options());
    }

    @Test
    void anEc2LaunchTakesKeepTagsAsAJsonBooleanAsTheCommandTakesKeepTags() {
        var restore = (TriggerRequest.Restore) parse("{\"action\":\"restore\",\"recoveryPoint\":\"strata/x/\","
                + "\"launch\":true,\"keepTags\":true}");
        assertEquals(Map.of("launch", "true", "keep-tags", "true"), restore.request().options());
        assertTrue(rejected("{\"action\":\"restore\",\"recoveryPoint\":\"strata/x/\",\"launch\":true,\"keepTags\":\"yes\"}")
                .contains("\"keepTags\" must be true or false, not \"yes\""));
    }

    @Test
    void aVerifyNamesItsRecoveryPoint() {
        assertEquals(new TriggerRequest.Verify("strata/x/"), parse("{\"action\":\"verify\",\"recoveryPoint\":\"strata/x/\"}"));
    }

    @Test
    void restoreAndVerifyTakeTheArchiveRetrievalBesideTheServicesOptions() {
        var restore = (TriggerRequest.Restore) parse("{\"action\":\"restore\",\"recoveryPoint\":\"strata/x/\","
                + "\"target\":\"t\",\"retrievalTier\":\"bulk\",\"restoreDays\":7}");
        var verify = (TriggerRequest.Verify) parse("{\"action\":\"verify\",\"recoveryPoint\":\"strata/x/\",\"restoreDays\":2}");
        var plain = (TriggerRequest.Verify) parse("{\"action\":\"verify\",\"recoveryPoint\":\"strata/x/\"}");

        assertEquals(Optional.of(new ThawRetrieval(Tier.BULK, 7)), restore.retrieval());
        assertEquals(Map.of(), restore.request().options(), "never a service option: a service would refuse it");
        assertEquals(Optional.of(new ThawRetrieval(Tier.STANDARD, 2)), verify.retrieval(), "the tier defaults to Standard");
        assertEquals(Optional.empty(), plain.retrieval());
        assertEquals("\"retrievalTier\" must be Expedited, Standard or Bulk, not 'fast'",
                rejected("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"retrievalTier\":\"fast\"}"));
        assertTrue(rejected("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"restoreDays\":0}")
                .startsWith("\"restoreDays\" must be at least 1"));
        assertEquals("\"restoreDays\" must be a whole number of days, not \"3\"",
                rejected("{\"action\":\"restore\",\"recoveryPoint\":\"p\",\"target\":\"t\",\"restoreDays\":\"3\"}"));
        assertEquals("\"restoreDays\" must be a whole number of days, not 1.5",
                rejected("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"restoreDays\":1.5}"));
        assertTrue(rejected("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"retrievalTier\":3}")
                .startsWith("\"retrievalTier\" must be a non-empty string"));
    }

    @Test
    void malformedRequestsAreRefusedWithTheirReason() {
        assertTrue(rejected("{\"action\":\"backup\",").startsWith("not JSON"), rejected("{\"action\":"));
        assertTrue(rejected("").startsWith("not a JSON object") || rejected("").startsWith("not JSON"), rejected(""));
        assertEquals("not a JSON object", rejected("[1,2]"));
        assertEquals("missing \"action\"", rejected("{\"plan\":\"nightly\"}"));
        assertEquals("unknown action 'delete' (known: backup, restore, verify, hold, release)", rejected("{\"action\":\"delete\"}"));
        assertEquals("unknown field(s) [when] for action 'verify' (it takes [action, recoveryPoint, restoreDays, retrievalTier])",
                rejected("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"when\":\"now\"}"));
        assertTrue(rejected("{\"action\":\"restore\",\"recoveryPoint\":\"p\",\"target\":\"t\",\"force\":true}")
                .startsWith("unknown field(s) [force] for action 'restore'"));
        assertEquals("unknown plan 'weekly' (known: [nightly])", rejected("{\"action\":\"backup\",\"plan\":\"weekly\"}"));
        assertTrue(rejected("{\"action\":\"backup\",\"resources\":[\"s3:bucket\"]}").startsWith("bad selector 's3:bucket'"));
        assertEquals("a backup request names either \"plan\" or \"resources\", not both",
                rejected("{\"action\":\"backup\",\"plan\":\"nightly\",\"resources\":[\"dynamodb:a\"]}"));
        assertEquals("\"resources\" must be a non-empty array of selectors", rejected("{\"action\":\"backup\",\"resources\":[]}"));
        assertEquals("missing \"recoveryPoint\"", rejected("{\"action\":\"verify\"}"));
        assertTrue(rejected("{\"action\":\"restore\",\"recoveryPoint\":\"p\",\"overwrite\":{}}").contains("must be true or false"));
        assertTrue(rejected("{\"action\":\"restore\",\"recoveryPoint\":\"p\",\"key\":{}}").contains("string or a boolean"));
    }

    @Test
    void aFileOver64KbOrNotUtf8IsRefused() {
        byte[] big = ("{\"action\":\"verify\",\"recoveryPoint\":\"" + "x".repeat(64 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals("larger than 64 KB (at most 65536 bytes)", rejected(big));
        byte[] latin1 = "{\"action\":\"verify\",\"recoveryPoint\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(rejected(latin1).startsWith("not UTF-8"), rejected(latin1));
    }
}
