package io.strata.vault;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
        List<String> problems = new ArrayList<>();
        Map<String, ExportManifest.FileEntry> manifest = readManifest(point, problems);
        long items = 0;
        long bytes = 0;
        for (DataFile file : point.files()) {
            FileCheck check = check(file.key(), problems);
            if (check == null) {
                continue;
            }
            items += check.lines();
            bytes += check.bytes();
            compare(problems, file.key(), "SHA-256", file.sha256Hex(), check.sha256Hex());
            compare(problems, file.key(), "MD5", file.md5Base64(), check.md5Base64());
            compare(problems, file.key(), "item count", file.itemCount(), check.lines());
            compare(problems, file.key(), "size", file.bytes(), check.bytes());
            ExportManifest.FileEntry entry = manifest.get(file.key());
            if (entry == null) {
                problems.add(file.key() + ": not listed in " + ExportManifest.FILES);
            } else {
                compare(problems, file.key(), "manifest MD5", entry.md5Checksum(), check.md5Base64());
                compare(problems, file.key(), "manifest item count", entry.itemCount(), check.lines());
            }
        }
        if (manifest.size() != point.files().size()) {
            problems.add(ExportManifest.FILES + " lists " + manifest.size() + " files, recovery-point.json "
                    + point.files().size());
        }
        compare(problems, "recovery point", "item count", point.itemCount(), items);
        return new VerificationReport(point.key(), point.files().size(), items, bytes, problems);
    }

    private Map<String, ExportManifest.FileEntry> readManifest(RecoveryPoint point, List<String> problems) {
        try (InputStream summaryIn = vault.open(point.exportPrefix() + ExportManifest.SUMMARY);
             InputStream filesIn = vault.open(point.exportPrefix() + ExportManifest.FILES)) {
            ExportManifest.Summary summary = ExportManifest.readSummary(summaryIn);
            if (summary.itemCount() != point.itemCount()) {
                problems.add(ExportManifest.SUMMARY + ": itemCount " + summary.itemCount() + " but recovery point has "
                        + point.itemCount());
            }
            return ExportManifest.readFiles(filesIn).stream()
                    .collect(Collectors.toMap(ExportManifest.FileEntry::dataFileS3Key, Function.identity(), (a, b) -> a));
        } catch (IOException | VaultException e) {
            problems.add("manifests under " + point.exportPrefix() + ": " + e.getMessage());
            return Map.of();
        }
    }

    private record FileCheck(long bytes, long lines, String md5Base64, String sha256Hex) {
    }

    private FileCheck check(String key, List<String> problems) {
        MessageDigest md5 = Digests.md5();
        MessageDigest sha256 = Digests.sha256();
        CountingInputStream counted;
        long lines = 0;
        try (InputStream raw = vault.open(key)) {
            counted = new CountingInputStream(new DigestInputStream(new DigestInputStream(raw, md5), sha256));
            try (InputStream in = new GZIPInputStream(counted, 64 * 1024)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                counted.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException | VaultException e) {
            problems.add(key + ": unreadable (" + e.getMessage() + ")");
            return null;
        }
        return new FileCheck(counted.count(), lines, Base64.getEncoder().encodeToString(md5.digest()),
                HexFormat.of().formatHex(sha256.digest()));
    }

    private static void compare(List<String> problems, String what, String field, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            problems.add(what + ": " + field + " is " + actual + ", expected " + expected);
        }
    }

    /** Counts the compressed bytes read. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
