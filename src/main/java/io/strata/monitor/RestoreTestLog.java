package io.strata.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restore tests as verification records of kind {@code restore-test}: {@code <point folder>verifications/
 * <yyyyMMddTHHmmssZ of the start>-restore-test.json}, encrypted, never locked, with the fields the verification
 * records of the verify pass have (kind, recoveryPoint, startedAt, finishedAt, ok, status OK/FAILED, reason,
 * details). Interim: written here until that record writer ({@code Verifications}) is in main, then through it.
 */
public final class RestoreTestLog implements RestoreTestRecords {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTestLog.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String KIND = "restore-test";
    private static final String SUFFIX = "-" + KIND + ".json";

    private final Vault vault;

    public RestoreTestLog(Vault vault) {
        this.vault = vault;
    }

    @Override
    public void write(RecoveryPoint point, RestoreTestOutcome outcome) {
        String folder = RecoveryPointKey.parse(point.key()).prefix();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan", outcome.plan());
        details.put("resource", outcome.resource());
        details.put("scratch", outcome.result().scratch());
        details.put("checked", outcome.result().checked());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", KIND);
        record.put("recoveryPoint", folder);
        record.put("startedAt", outcome.startedAt());
        record.put("finishedAt", outcome.finishedAt());
        record.put("ok", outcome.result().passed());
        record.put("status", outcome.result().passed() ? "OK" : "FAILED");
        record.put("reason", outcome.result().reason());
        record.put("details", details);
        vault.putControl(folder + "verifications/" + STAMP.format(outcome.startedAt()) + SUFFIX, record);
    }

    /** When the newest restore test of the point ended, if it passed. */
    @Override
    public Optional<Instant> lastPassed(RecoveryPoint point) {
        String folder = RecoveryPointKey.parse(point.key()).prefix();
        List<String> keys = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                        .prefix(folder + "verifications/")).contents().stream().map(o -> o.key())
                .filter(k -> k.endsWith(SUFFIX)).sorted(Comparator.reverseOrder()).toList();
        for (String key : keys) {
            try (InputStream in = vault.open(key)) {
                JsonNode record = Json.MAPPER.readTree(in);
                if (!KIND.equals(record.path("kind").asText()) || !folder.equals(record.path("recoveryPoint").asText())) {
                    continue; // not a record of this point
                }
                return record.path("ok").asBoolean() ? Optional.of(Instant.parse(record.path("finishedAt").asText()))
                        : Optional.empty();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Ignoring s3://{}/{}: not a readable restore-test record ({})", vault.bucket(), key,
                        e.getMessage());
            }
        }
        return Optional.empty();
    }
}
