package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A Strata recovery point is described three times: {@code recovery-point.json} and the two native
 * manifests. They must agree file for file (no file missing, none listed twice, same item counts
 * and MD5) and in total, and every file must lie in the recovery point's own {@code data/} folder;
 * otherwise an edited descriptor could make verify or restore pass over part of the data. The
 * sizes it records must be possible ({@link RecordedSizes}).
 */
public final class ManifestAgreement {

    private final Vault vault;

    public ManifestAgreement(Vault vault) {
        this.vault = vault;
    }

    /** Every disagreement found; empty when descriptor and manifests describe the same files. */
    public List<String> problems(RecoveryPoint point) {
        ExportManifest.Summary summary;
        List<ExportManifest.FileEntry> entries;
        String prefix = point.exportPrefix() == null ? "" : point.exportPrefix();
        try {
            // Read whole and, with a signing key, only with a valid MAC: an edited manifest is refused.
            summary = ExportManifest.readSummary(new ByteArrayInputStream(read(prefix + ExportManifest.SUMMARY)));
            entries = ExportManifest.readFiles(new ByteArrayInputStream(read(prefix + ExportManifest.FILES)));
        } catch (IOException | VaultException e) {
            return List.of("manifests under " + prefix + ": " + Failures.message(e));
        }
        List<String> problems = new ArrayList<>(RecordedSizes.problems(point));
        if (!prefix.startsWith(point.key())) {
            problems.add("recovery-point.json points at manifests under " + prefix + ", outside " + point.key());
        }
        Map<String, DataFile> described = new HashMap<>();
        long describedItems = 0;
        for (DataFile file : point.files()) {
            describedItems += file.itemCount();
            if (described.put(file.key(), file) != null) {
                problems.add("recovery-point.json lists " + file.key() + " twice");
            }
            if (!file.key().startsWith(prefix + "data/")) {
                problems.add("recovery-point.json lists " + file.key() + ", outside " + prefix + "data/");
            }
        }
        Map<String, ExportManifest.FileEntry> listed = new HashMap<>();
        long listedItems = 0;
        for (ExportManifest.FileEntry entry : entries) {
            listedItems += entry.itemCount();
            if (listed.put(entry.dataFileS3Key(), entry) != null) {
                problems.add(ExportManifest.FILES + " lists " + entry.dataFileS3Key() + " twice");
            }
            DataFile file = described.get(entry.dataFileS3Key());
            if (file == null) {
                problems.add(entry.dataFileS3Key() + ": listed in " + ExportManifest.FILES + " but not in recovery-point.json");
            } else {
                compare(problems, file.key(), "item count", entry.itemCount(), file.itemCount());
                compare(problems, file.key(), "MD5", entry.md5Checksum(), file.md5Base64());
            }
        }
        described.keySet().stream().filter(key -> !listed.containsKey(key)).sorted().forEach(key ->
                problems.add(key + ": listed in recovery-point.json but not in " + ExportManifest.FILES));
        compare(problems, "recovery-point.json", "itemCount (sum of its files)", describedItems, point.itemCount());
        compare(problems, ExportManifest.SUMMARY, "itemCount", summary.itemCount(), point.itemCount());
        compare(problems, ExportManifest.FILES, "item count (sum of its files)", listedItems, summary.itemCount());
        return problems;
    }

    private byte[] read(String key) {
        try {
            return vault.readSigned(key);
        } catch (NoSuchKeyException e) {
            throw new VaultException("Missing object s3://" + vault.bucket() + "/" + key, e);
        }
    }

    private static void compare(List<String> problems, String what, String field, Object manifest, Object descriptor) {
        if (!Objects.equals(manifest, descriptor)) {
            problems.add(what + ": " + field + " is " + manifest + " in the manifest but " + descriptor
                    + " in recovery-point.json");
        }
    }
}
