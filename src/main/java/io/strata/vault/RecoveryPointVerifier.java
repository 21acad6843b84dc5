package io.strata.vault;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
            bytes += check.read().bytes();
            problems.addAll(file.mismatches(check.read(), check.lines()));
            ExportManifest.FileEntry entry = manifest.get(file.key());
            if (entry == null) {
                problems.add(file.key() + ": not listed in " + ExportManifest.FILES);
            } else {
                compare(problems, file.key(), "manifest MD5", entry.md5Checksum(), check.read().md5Base64());
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

    private static void compare(List<String> problems, String what, String field, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            problems.add(what + ": " + field + " is " + actual + ", expected " + expected);
        }
    }
}
