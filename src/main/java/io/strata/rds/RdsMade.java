package io.strata.rds;

import io.strata.vault.RecoveryPoint;

/** What an RDS backup made, for its outcome line: the snapshot, its copy in each other region, the export. */
final class RdsMade {

    private RdsMade() {
    }

    static String describe(RecoveryPoint point) {
        RdsDetails details = RdsDetails.of(point);
        StringBuilder text = new StringBuilder();
        for (RdsDetails.SnapshotRef snapshot : details.snapshots()) {
            if (snapshot.region().equals(point.region())) {
                text.append(text.isEmpty() ? "" : "; ").append("snapshot ").append(snapshot.id()).append(" in ")
                        .append(snapshot.region());
            }
        }
        for (RdsDetails.SnapshotRef snapshot : details.snapshots()) {
            if (!snapshot.region().equals(point.region())) {
                text.append(text.isEmpty() ? "" : "; ").append("copied to ").append(snapshot.region()).append(": ")
                        .append(snapshot.id());
            }
        }
        if (details.export() != null) {
            text.append(String.format("; exported %d file(s), %,d bytes to s3://%s/%s", point.files().size(),
                    point.bytes(), details.export().s3Bucket(), details.export().s3Prefix()));
        }
        return text.isEmpty() ? "no snapshot recorded" : text.toString();
    }
}
