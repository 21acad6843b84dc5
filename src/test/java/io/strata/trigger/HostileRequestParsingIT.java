package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.plan.PlanCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Hostile request files that the README says are refused ("one UTF-8 JSON object"; restore options are
 * "booleans or strings; false is the same as leaving a flag out") but that the parser accepts silently,
 * running something other than what the file says.
 */
class HostileRequestParsingIT {

    private final RequestParser parser;

    HostileRequestParsingIT() {
        Properties plans = new Properties();
        plans.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        plans.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        parser = new RequestParser(PlanCatalog.from(plans, Services.selectors()::parse), Services.selectors()::parse,
                Services.restoreOptions());
    }

    private String rejected(String json) {
        return assertThrows(RejectedRequest.class, () -> parser.parse(json.getBytes(StandardCharsets.UTF_8)),
                () -> "accepted: " + json).getMessage();
    }

    /** Two requests concatenated in one file (or a first object followed by garbage): only the first runs, silently. */
    @Test
    void contentAfterTheFirstJsonObjectIsRejected() {
        String reason = rejected("{\"action\":\"backup\",\"plan\":\"nightly\"}"
                + "{\"action\":\"restore\",\"recoveryPoint\":\"strata/x/\",\"target\":\"t\",\"overwrite\":true}");
        assertTrue(reason.contains("JSON"), reason);
        rejected("{\"action\":\"backup\",\"plan\":\"nightly\"} garbage");
    }

    /** {"recoveryPoint":"A","recoveryPoint":"B"}: Jackson keeps the last one; the file is ambiguous and must be refused. */
    @Test
    void duplicatedKeysAreRejected() {
        rejected("{\"action\":\"verify\",\"recoveryPoint\":\"strata/a/\",\"recoveryPoint\":\"strata/b/\"}");
        rejected("{\"action\":\"restore\",\"recoveryPoint\":\"strata/a/\",\"target\":\"t\",\"overwrite\":true,"
                + "\"overwrite\":false}");
    }

    /**
     * A flag given as a string other than true/false (or as a number) reaches RestoreRequest.flag, whose
     * Boolean.parseBoolean reads "yes", "1", 1 as false: {"dryRun":"yes"} with "launch":true launches a
     * real EC2 instance. It must be refused naming the field.
     */
    @Test
    void aFlagThatIsNeitherTrueNorFalseIsRejected() {
        flagRefused("{\"action\":\"restore\",\"recoveryPoint\":\"strata/ec2/eu-west-1/i-1/x/\","
                + "\"launch\":true,\"dryRun\":\"yes\"}", "dry-run");
        flagRefused("{\"action\":\"restore\",\"recoveryPoint\":\"strata/a/\",\"target\":\"t\",\"overwrite\":1}",
                "overwrite");
        flagRefused("{\"action\":\"restore\",\"recoveryPoint\":\"strata/a/\",\"target\":\"t\",\"keepPartial\":\"on\"}",
                "keep-partial");
    }

    /** Refused either by the parser or, at the latest, when the service reads the flag: never read as false. */
    private void flagRefused(String json, String option) {
        TriggerRequest parsed;
        try {
            parsed = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (RejectedRequest expected) {
            return;
        }
        var request = ((TriggerRequest.Restore) parsed).request();
        assertThrows(RuntimeException.class, () -> request.flag(option),
                () -> "accepted: " + json + " and the service reads " + option + "=" + request.option(option)
                        + " as flag " + request.flag(option));
    }
}
