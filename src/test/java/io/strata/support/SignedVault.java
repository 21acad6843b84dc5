package io.strata.support;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A vault under {@code strata.vault.signing-key} for the signed-catalog tests: a {@link FakeKms} with
 * one HMAC key, a fresh bucket on the embedded S3, the clients and the signing vault over it, and
 * the command line aimed at it with or without the key.
 */
public final class SignedVault implements AutoCloseable {

    public final FakeKms kms = new FakeKms();
    public final String signingKey = kms.hmacKey();
    public final String bucket = TestAws.unique("signed");
    public final StrataSettings settings;
    public final AwsClients clients;
    public final Vault vault;

    public SignedVault() {
        settings = TestAws.settings(bucket, "strata.dynamodb.segments", "1", "strata.vault.signing-key", signingKey,
                "strata.aws.endpoint.kms", kms.endpoint().toString());
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        // The command line is not in local mode: the default credential chain reads these.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    /** {@code strata -D… ARGS} against this vault: with the signing key and its KMS endpoint when {@code signed}. */
    public StrataCli.Result cli(boolean signed, List<String> settings, String... args) {
        List<String> all = new ArrayList<>(StrataCli.against(bucket));
        if (signed) {
            all.addAll(List.of("-Dstrata.vault.signing-key=" + signingKey, "-Dstrata.aws.endpoint.kms=" + kms.endpoint()));
        }
        all.addAll(settings);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    /** The user metadata S3 keeps with {@code key} of the vault. */
    public Map<String, String> metadata(String key) {
        return clients.s3().headObject(r -> r.bucket(bucket).key(key)).metadata();
    }

    /** The keys under {@code prefix} of the vault, sorted. */
    public List<String> keys(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Override
    public void close() {
        clients.close();
        kms.close();
    }
}
