package io.strata.vault;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Re-reads every data file of a recovery point and checks it against both manifests: MD5 and
 * SHA-256 of the stored bytes, and the number of item lines once decompressed.
 */
public final class RecoveryPointVerifier {

    private final Vault vault;

    public RecoveryPointVerifier(Vault vault) {
        this.vault = vault;
    }

    public VerificationReport verify(RecoveryPointKey key) {
        RecoveryPoint point = vault.read(key);
        List<String> problems = new ArrayList<>(new ManifestAgreement(vault).problems(point));
        long items = 0;
        long bytes = 0;
        for (DataFile file : point.files()) {
            FileCheck check = check(file.key(), problems);
            if (check == null) {
                continue;
            }
            items += check.lines();
            bytes += check.read().bytes();
            problems.addAll(file.mismatches(check.read(), check.lines()));
        }
        if (point.itemCount() != items) {
            problems.add("recovery point: item count is " + items + ", expected " + point.itemCount());
        }
        return new VerificationReport(point.key(), point.files().size(), items, bytes, problems);
    }

    private record FileCheck(DigestingInputStream.Result read, long lines) {
    }

    private FileCheck check(String key, List<String> problems) {
        long lines = 0;
        try (DigestingInputStream raw = new DigestingInputStream(vault.open(key))) {
            try (InputStream in = new GZIPInputStream(raw, 64 * 1024)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                return new FileCheck(raw.drain().result(), lines);
            }
        } catch (IOException | VaultException e) {
            problems.add(key + ": unreadable (" + e.getMessage() + ")");
            return null;
        }
    }
}
