package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.error.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The chains of incremental exports in a vault: an incremental recovery point is verified and restored
 * with its whole chain ({@link ChainCheck}), full export first; a chain with a gap is refused, naming it.
 */
final class IncrementalChains {

    private final Vault holder;

    IncrementalChains(Vault holder) {
        this.holder = holder;
    }

    /** The chain of {@code incremental}, full export first, or what breaks it. */
    ChainCheck.Chain of(RecoveryPoint incremental) {
        return new ChainCheck(this::find, full -> exportTime(holder, full)).of(incremental);
    }

    /** Every point of the chain verified with {@code verify}, as one report under the incremental's key. */
    VerificationReport verify(RecoveryPoint incremental, BiFunction<Vault, RecoveryPoint, VerificationReport> verify) {
        ChainCheck.Chain chain = of(incremental);
        if (!chain.whole()) {
            List<String> problems = new ArrayList<>(chain.problems());
            problems.add("the chain is not whole: a restore of " + incremental.key() + " is refused");
            return new VerificationReport(incremental.key(), 0, 0, 0, problems, null);
        }
        int files = 0;
        long items = 0;
        long bytes = 0;
        List<String> problems = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> archived = new ArrayList<>();
        for (RecoveryPoint point : chain.points()) {
            VerificationReport report = verify.apply(holder, point);
            String of = point.key().equals(incremental.key()) ? "" : point.key() + " (chain): ";
            files += report.files();
            items += report.items();
            bytes += report.bytes();
            report.problems().forEach(p -> problems.add(of + p));
            report.unreadable().forEach(p -> unreadable.add(of + p));
            report.archived().forEach(p -> archived.add(of + p));
        }
        return new VerificationReport(incremental.key(), files, items, bytes, problems, null, unreadable, List.of(),
                archived);
    }

    /**
     * The sources a restore of {@code incremental} reads: its full export (named and described as the
     * incremental, with the chain's last schema: the table as of the chain's end), then each incremental.
     */
    List<ExportSource> sources(RecoveryPoint incremental, ExportSourceResolver resolver) {
        ChainCheck.Chain chain = of(incremental);
        if (!chain.whole()) {
            throw new RestoreException("Recovery point " + incremental.key() + " is "
                    + ChainLink.of(incremental).map(ChainLink::label).orElse("an incremental export")
                    + ", and its chain is not whole, nothing was restored: " + String.join("; ", chain.problems())
                    + ". A restore never spans a gap: restore its full export or a recovery point after the gap");
        }
        List<ExportSource> sources = new ArrayList<>();
        for (RecoveryPoint point : chain.points()) {
            sources.add(resolver.resolve(holder, point));
        }
        ExportSource full = sources.get(0);
        ExportSource last = sources.get(sources.size() - 1);
        sources.set(0, new ExportSource(full.description() + " (the full export of " + last.description() + ")",
                last.reference(), full.bucket(), full.files(), full.expectedItems(),
                last.schema().isPresent() ? last.schema() : full.schema()));
        return sources;
    }

    private Optional<RecoveryPoint> find(String key) {
        try {
            return Optional.of(holder.read(RecoveryPointKey.parse(key)));
        } catch (VaultException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The time a full export's data is as of: its descriptor's {@code details.exportTime}, else its manifest's. */
    static Instant exportTime(Vault holder, RecoveryPoint full) {
        if (full.details() != null && full.details().hasNonNull("exportTime")) {
            try {
                return Instant.parse(full.details().get("exportTime").asText());
            } catch (RuntimeException e) {
                // an unreadable note: the manifest says it too
            }
        }
        String prefix = full.exportPrefix() == null ? "" : full.exportPrefix();
        try (InputStream in = holder.open(prefix + ExportManifest.SUMMARY)) {
            Instant time = ExportManifest.readSummary(in).exportTime();
            if (time == null) {
                throw new VaultException(prefix + ExportManifest.SUMMARY + " records no exportTime");
            }
            return time;
        } catch (IOException e) {
            throw new VaultException("Unreadable " + prefix + ExportManifest.SUMMARY + ": " + Failures.message(e), e);
        }
    }
}
