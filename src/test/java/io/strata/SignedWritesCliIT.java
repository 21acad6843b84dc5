package io.strata;

import io.strata.exit.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.support.SignedVault;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.CatalogSignature;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What Strata writes under {@code strata.vault.signing-key}, from the command line: run reports and
 * manifests carry a MAC that an edit breaks, a copy in a second vault keeps valid MACs and is listed,
 * verified and restored there, and a key that cannot make a MAC stops the command naming the setting.
 */
class SignedWritesCliIT {

    private static SignedVault signed;
    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;

    @BeforeAll
    static void start() {
        signed = new SignedVault();
        bucket = signed.bucket;
        clients = signed.clients;
        vault = signed.vault;
    }

    @AfterAll
    static void stop() {
        signed.close();
    }

    private static StrataCli.Result strata(String... args) {
        return signed.cli(true, List.of(), args);
    }

    @Test
    void aRunReportIsSignedAndAnEditedOneDoesNotCheck() throws Exception {
        String other = TestAws.unique("reported");
        Tables.create(clients.dynamoDb(), other);

        StrataCli.Result backup = strata("backup", "dynamodb:" + other);

        assertEquals(0, backup.code(), backup.out() + backup.err());
        String report = clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("strata/runs/")).contents()
                .stream().map(S3Object::key).filter(k -> new String(clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                        .key(k)).asByteArray()).contains(other)).findFirst().orElseThrow();
        Map<String, String> mac = metadata(report);
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + signed.signingKey, mac.get(CatalogSignature.MAC_KEY));
        assertEquals(vault.readSigned(report).length, clients.s3().headObject(r -> r.bucket(bucket).key(report))
                .contentLength().intValue(), "its MAC checks");

        clients.s3().putObject(r -> r.bucket(bucket).key(report).metadata(mac),
                RequestBody.fromString("{\"runId\":\"forged\",\"outcomes\":[]}"));
        VaultException refused = assertThrows(VaultException.class, () -> vault.readSigned(report));
        assertTrue(refused.getMessage().contains(report + " does not match its MAC"), refused.getMessage());
    }

    @Test
    void aCopyInASecondVaultKeepsValidMacsAndIsListedVerifiedAndRestoredThere() throws Exception {
        String copied = TestAws.unique("copied");
        Tables.create(clients.dynamoDb(), copied);
        Tables.put(clients.dynamoDb(), copied, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        String dr = TestAws.unique("signed-dr");
        clients.s3().createBucket(r -> r.bucket(dr));
        String target = TestAws.unique("restored");

        StrataCli.Result run = strata("-Dstrata.plan.dr.cron=0 0 2 * * ?", "-Dstrata.plan.dr.resources=dynamodb:" + copied,
                "-Dstrata.plan.dr.copy-to-vault=" + dr, "run", "--plan", "dr", "--once");
        // Read from the second vault as a later command without the plan would: allowed by name.
        String plan = "-Dstrata.restore.allowed-buckets=" + dr;
        StrataCli.Result listed = strata(plan, "list", "--vault", dr);
        String copy = listed.out().lines().skip(1).findFirst().orElse("").split("\\s+")[0]; // under the header
        StrataCli.Result verified = strata(plan, "verify", copy);
        StrataCli.Result restored = strata(plan, "restore", copy, "--to", target);

        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(0, listed.code(), listed.err());
        assertTrue(copy.startsWith("s3://" + dr + "/strata/dynamodb/us-east-1/" + copied + "/"), listed.out());
        assertEquals(0, verified.code(), verified.err());
        assertEquals(0, restored.code(), restored.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), copied), Tables.scanAll(clients.dynamoDb(), target));
        String folder = copy.substring(("s3://" + dr + "/").length());
        List<String> catalog = keys(folder).stream().filter(k -> k.endsWith(".json")).toList();
        assertEquals(3, catalog.size(), "the descriptor and the two manifests: " + catalog);
        for (String object : catalog) {
            String mac = clients.s3().headObject(r -> r.bucket(dr).key(object)).metadata().get(CatalogSignature.MAC);
            assertEquals(metadata(object).get(CatalogSignature.MAC), mac, object + ": the copy carries the primary's MAC");
        }
    }

    @Test
    void anEditedManifestFailsVerifyAndRestoreNamingIt() throws Exception {
        String edited = TestAws.unique("manifested");
        Tables.create(clients.dynamoDb(), edited);
        Tables.put(clients.dynamoDb(), edited, List.of(Tables.simple("a", 1, "x")));
        StrataCli.Result backup = strata("backup", "dynamodb:" + edited);
        assertEquals(0, backup.code(), backup.out() + backup.err());
        String point = vault.list(p -> p.resource().equals("dynamodb:" + edited)).points().get(0).key();
        String summary = keys(point).stream().filter(k -> k.endsWith("manifest-summary.json")).findFirst().orElseThrow();
        ResponseBytes<GetObjectResponse> stored = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(summary));
        String changed = stored.asUtf8String().replace("\"itemCount\" : 1", "\"itemCount\" : 2");
        clients.s3().putObject(r -> r.bucket(bucket).key(summary).metadata(stored.response().metadata()),
                RequestBody.fromString(changed));

        StrataCli.Result verify = strata("verify", point);
        StrataCli.Result restore = strata("restore", point, "--to", TestAws.unique("not-restored"));

        assertEquals(ExitCode.FAILED.code(), verify.code());
        assertTrue(verify.out().contains(summary + " does not match its MAC"), verify.out() + verify.err());
        assertEquals(ExitCode.FAILED.code(), restore.code());
        assertTrue(restore.err().contains(summary + " does not match its MAC") && restore.err()
                .contains("nothing was restored"), restore.err());
    }

    @Test
    void aKeyThatCannotSignStopsEveryCommandNamingTheSetting() {
        StrataCli.Result wrongKind = signed.cli(false, List.of("-Dstrata.vault.signing-key=" + signed.kms.encryptionKey(),
                "-Dstrata.aws.endpoint.kms=" + signed.kms.endpoint()), "list");
        StrataCli.Result typo = signed.cli(false, List.of("-Dstrata.vault.signing-key=strata-catalog"), "list");

        assertEquals(ExitCode.FAILED.code(), wrongKind.code());
        assertTrue(wrongKind.err().contains("strata.vault.signing-key") && wrongKind.err()
                .contains("InvalidKeyUsageException"), wrongKind.err());
        assertEquals(ExitCode.USAGE.code(), typo.code(), "a malformed setting is bad usage, as every other setting error");
        assertTrue(typo.err().contains("strata.vault.signing-key must name a KMS HMAC_SHA_256 key"), typo.err());
    }

    private static Map<String, String> metadata(String key) {
        return signed.metadata(key);
    }

    private static List<String> keys(String prefix) {
        return signed.keys(prefix);
    }
}
