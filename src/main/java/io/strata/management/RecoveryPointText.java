package io.strata.management;

import io.strata.text.Printable;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;

/** The same lines {@code strata list} and {@code strata verify} print, as one text for a JMX client. */
final class RecoveryPointText {

    private RecoveryPointText() {
    }

    static String listing(Listing listing) {
        StringBuilder text = new StringBuilder();
        if (listing.points().isEmpty()) {
            text.append("No recovery points.\n");
        }
        for (RecoveryPoint point : listing.points()) {
            text.append(String.format("%s  %s  %,d items  %,d bytes  %s%n", Printable.of(point.key()),
                    Printable.of(point.resource()), point.itemCount(), point.bytes(), point.finishedAt()));
        }
        listing.problems().forEach(problem -> text.append("unreadable recovery point ").append(Printable.of(problem)).append('\n'));
        return text.toString();
    }

    static String verification(VerificationReport report) {
        StringBuilder text = new StringBuilder(String.format("%s %s: %s%n", report.status(),
                Printable.of(report.recoveryPoint()), Printable.of(report.extent())));
        report.findings().forEach(problem -> text.append("  ").append(Printable.of(problem)).append('\n'));
        return text.toString();
    }
}
