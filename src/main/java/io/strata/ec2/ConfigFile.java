package io.strata.ec2;

import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.stream.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads {@code instance.json} back from the vault, checking it against the digests the descriptor recorded. */
final class ConfigFile {

    private ConfigFile() {
    }

    static DataFile recorded(RecoveryPoint point) {
        String key = Ec2Details.of(point).configKey();
        return point.files().stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Recovery point " + point.key() + " records no " + key));
    }

    /** The differences between what is stored and what was recorded; empty when they agree. */
    static List<String> mismatches(Vault vault, DataFile file) {
        try (InputStream in = vault.open(file.key()); DigestingInputStream digest = new DigestingInputStream(in)) {
            return file.mismatches(digest.drain().result(), file.itemCount());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read s3://" + vault.bucket() + "/" + file.key(), e);
        }
    }

    /** The configuration, only if its digests match: a relaunch never runs a tampered file. */
    static InstanceConfig read(Vault vault, RecoveryPoint point) {
        DataFile file = recorded(point);
        byte[] bytes;
        try (InputStream in = vault.open(file.key())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read s3://" + vault.bucket() + "/" + file.key(), e);
        }
        try (DigestingInputStream digest = new DigestingInputStream(new ByteArrayInputStream(bytes))) {
            List<String> problems = file.mismatches(digest.drain().result(), file.itemCount());
            if (!problems.isEmpty()) {
                throw new IllegalStateException("instance.json of " + point.key() + " does not match its recorded digests: "
                        + problems);
            }
            return Json.MAPPER.readValue(bytes, InstanceConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable s3://" + vault.bucket() + "/" + file.key(), e);
        }
    }
}
