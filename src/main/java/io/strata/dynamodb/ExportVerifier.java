package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.error.VaultException;
import io.strata.vault.stream.DigestingInputStream;
import io.strata.vault.stream.UnreadableObjectException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Re-reads every data file of a recovery point and checks it against both manifests: MD5 and
 * SHA-256 of the stored bytes, and the number of items once decompressed, once the descriptor and
 * the manifests agree ({@link ManifestAgreement}). A service may check the
 * items themselves in the same pass ({@link ItemReader}).
 */
public final class ExportVerifier {

    private final Vault vault;

    public ExportVerifier(Vault vault) {
        this.vault = vault;
    }

    public VerificationReport verify(RecoveryPointKey key) {
        return verify(key, point -> ItemReader.lines());
    }

    /** @param items the reader of the point's items, chosen from its descriptor (its key schema, say) */
    public VerificationReport verify(RecoveryPointKey key, Function<RecoveryPoint, ItemReader> items) {
        RecoveryPoint point = vault.read(key);
        return verify(point, items.apply(point));
    }

    /**
     * The same checks of a descriptor not written yet: a native export is checked this way before its
     * commit, so that no recovery point is committed over files that do not match AWS's own manifests.
     */
    VerificationReport verify(RecoveryPoint point, ItemReader itemReader) {
        List<String> problems = new ArrayList<>(new ManifestAgreement(vault).problems(point));
        if (!problems.isEmpty()) {
            // Agreement first: a descriptor listing 100,000 files its manifests do not list fails now,
            // not after reading every file it names (which could lie outside the point's data/ too).
            problems.add("no data file read: the descriptor and its manifests must agree first");
            itemReader.close();
            return new VerificationReport(point.key(), point.files().size(), 0, 0, problems);
        }
        List<String> unreadable = new ArrayList<>();
        List<String> archived = new ArrayList<>();
        long itemsRead = 0;
        long bytes = 0;
        try (ItemReader reader = itemReader) {
            for (int index = 0; index < point.files().size(); index++) {
                DataFile file = point.files().get(index);
                FileCheck check = check(reader, index, file, problems, unreadable, archived);
                if (check == null) {
                    continue;
                }
                itemsRead += check.items();
                bytes += check.read().bytes();
                problems.addAll(file.mismatches(check.read(), check.items()));
            }
            problems.addAll(reader.finish());
        }
        // Items in files not read are not missing: the total is compared only when every file was read.
        if (unreadable.isEmpty() && archived.isEmpty() && point.itemCount() != itemsRead) {
            problems.add("recovery point: item count is " + itemsRead + ", expected " + point.itemCount());
        }
        return new VerificationReport(point.key(), point.files().size(), itemsRead, bytes, problems, null, unreadable,
                List.of(), archived);
    }

    private record FileCheck(DigestingInputStream.Result read, long items) {
    }

    private FileCheck check(ItemReader reader, int index, DataFile file, List<String> problems, List<String> unreadable,
                            List<String> archived) {
        try (DigestingInputStream raw = new DigestingInputStream(vault.open(file.key()))) {
            try (InputStream in = new GZIPInputStream(raw, 64 * 1024)) {
                long items = reader.read(index, file, in);
                return new FileCheck(raw.drain().result(), items);
            }
        } catch (InvalidObjectStateException e) {
            archived(file, problems, unreadable, archived);
            return null;
        } catch (IOException | VaultException | SdkException e) {
            // A read the network or S3 failed, every retry and resume spent, says nothing about the bytes stored.
            if (UnreadableObjectException.in(e)) {
                unreadable.add(file.key() + ": could not be read (" + Failures.message(e) + ")");
            } else {
                problems.add(file.key() + ": unreadable (" + stored(e) + ")");
            }
            return null;
        }
    }

    /** Archived and not restored: without a thaw, only its presence and size can be checked (a HEAD). */
    private void archived(DataFile file, List<String> problems, List<String> unreadable, List<String> archived) {
        HeadObjectResponse head;
        try {
            head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(file.key()));
        } catch (NoSuchKeyException e) {
            problems.add(file.key() + ": missing (deleted while it was verified)");
            return;
        } catch (SdkException e) {
            unreadable.add(file.key() + ": archived, and its size could not be read (" + Failures.message(e) + ")");
            return;
        }
        String where = "in " + head.storageClassAsString() + ", not restored";
        if (file.bytes() >= 0 && head.contentLength() != null && head.contentLength() != file.bytes()) {
            problems.add(file.key() + ": size is " + head.contentLength() + ", expected " + file.bytes() + " (" + where
                    + ": contents not read)");
        } else {
            archived.add(file.key() + ": " + where + ": contents not read"
                    + (file.bytes() >= 0 ? " (" + file.bytes() + " bytes, as recorded)" : ""));
        }
    }

    /** What is wrong with the stored bytes, for a person: a gzip stream's own errors often carry no message. */
    private static String stored(Exception e) {
        if (e instanceof EOFException) {
            return "truncated: the gzip data ends early" + (e.getMessage() == null ? "" : ", " + e.getMessage());
        }
        if (e instanceof ZipException) {
            return "not gzip data as written: " + Failures.message(e);
        }
        return Failures.message(e);
    }
}
