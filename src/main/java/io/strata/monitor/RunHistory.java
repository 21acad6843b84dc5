package io.strata.monitor;

import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.Failures;
import io.strata.text.Json;
import io.strata.vault.Vault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code strata history}: the run reports in {@code <prefix>strata/runs/}, newest first. Only keys of the shape
 * {@link io.strata.run.RunService} writes count ({@code <yyyyMMddTHHmmssZ>-<8 hex>.json}: forget records and
 * planted objects are skipped); each read is bounded, and so is the number read, so a vault of years of runs or a
 * planted giant costs a listing and at most {@link #MAX_READS} small GETs.
 */
public final class RunHistory {

    /** Far above a run report Strata writes (one line per resource); a bigger one is named, unread. */
    static final long MAX_BYTES = 1024 * 1024;
    /** Reports read at most per query: {@code --failed} over a long history stops here and says so. */
    public static final int MAX_READS = 500;
    private static final Pattern REPORT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json");

    private final Vault vault;

    public RunHistory(Vault vault) {
        this.vault = vault;
    }

    /**
     * @param plan   only this plan's runs (null: all)
     * @param last   at most this many runs
     * @param failed only runs with a failed resource
     */
    public record Query(String plan, int last, boolean failed) {

        public Query {
            if (last < 1) {
                throw new IllegalArgumentException("--last must be at least 1, not " + last);
            }
        }

        boolean matches(RunReport report) {
            return (plan == null || plan.equals(report.plan())) && (!failed || !report.success());
        }
    }

    /**
     * @param runs       newest first
     * @param unreadable reports that could not be read, by key and why
     * @param truncated  the query stopped after {@link #MAX_READS} reads, older runs unread
     */
    public record History(List<RunReport> runs, List<String> unreadable, boolean truncated) {

        public History {
            runs = List.copyOf(runs);
            unreadable = List.copyOf(unreadable);
        }

        public static long failed(RunReport report) {
            return report.outcomes().stream().filter(o -> !o.success()).count();
        }

        public static long ok(RunReport report) {
            return report.outcomes().stream().filter(ResourceOutcome::success).count();
        }
    }

    public History read(Query query) {
        String folder = vault.prefix() + "strata/runs/";
        List<S3Object> reports = new ArrayList<>(vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                .prefix(folder)).contents().stream()
                .filter(o -> REPORT.matcher(o.key().substring(folder.length())).matches()).toList());
        reports.sort(Comparator.comparing(S3Object::key).reversed()); // the key starts with the run's start, UTC
        List<RunReport> runs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int reads = 0;
        for (S3Object object : reports) {
            if (runs.size() == query.last()) {
                break;
            }
            if (reads == MAX_READS) {
                return new History(runs, unreadable, true);
            }
            reads++;
            try {
                RunReport report = read(object);
                if (query.matches(report)) {
                    runs.add(report);
                }
            } catch (RuntimeException | IOException e) {
                unreadable.add("s3://" + vault.bucket() + "/" + object.key() + ": " + Failures.message(e));
            }
        }
        return new History(runs, unreadable, false);
    }

    private RunReport read(S3Object object) throws IOException {
        if (object.size() != null && object.size() > MAX_BYTES) {
            throw new IllegalStateException(object.size() + " bytes, more than the " + MAX_BYTES
                    + " a run report may have: refused unread");
        }
        RunReport report = Json.MAPPER.readValue(vault.readSigned(object.key()), RunReport.class);
        if (report.startedAt() == null || report.runId() == null) {
            throw new IllegalStateException("not a run report (no runId or startedAt)");
        }
        return report;
    }
}
