package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import io.strata.vault.error.VaultException;
import io.strata.vault.lock.ObjectEncryption;
import java.time.Clock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code strata verify} passes a sound recovery point and names every corrupt or missing file. */
class ExportVerifyIT {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static Vault vault;
    private static String table;

    @BeforeAll
    static void start() throws Exception {
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        table = TestAws.unique("verify");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 400).mapToObj(i -> Tables.simple("v" + i % 9, i, "t" + i)).toList());
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private RecoveryPoint export() throws InterruptedException {
        Thread.sleep(1100);
        return new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
    }

    @Test
    void aSoundRecoveryPointVerifies() throws Exception {
        RecoveryPoint point = export();

        VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));

        assertTrue(report.ok(), report.problems().toString());
        assertEquals(400, report.items());
        assertEquals(point.bytes(), report.bytes());
    }

    @Test
    void aTamperedDataFileIsReportedByName() throws Exception {
        RecoveryPoint point = export();
        String victim = point.files().get(0).key();
        byte[] original = vault.open(victim).readAllBytes();
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 0x01;
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(victim), RequestBody.fromBytes(tampered));

        VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));

        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(p -> p.startsWith(victim)), report.problems().toString());
    }

    @Test
    void aMissingDataFileIsReported() throws Exception {
        RecoveryPoint point = export();
        String victim = point.files().get(1).key();
        clients.s3().deleteObject(r -> r.bucket(vault.bucket()).key(victim));

        VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key()));

        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(victim) && p.contains("unreadable")),
                report.problems().toString());
    }

    @Test
    void anUncommittedRecoveryPointCannotBeVerified() {
        VaultException error = assertThrows(VaultException.class, () -> new ExportVerifier(vault)
                .verify(RecoveryPointKey.parse("strata/dynamodb/us-east-1/" + table + "/20200101T000000Z/")));

        assertTrue(error.getMessage().contains("No committed recovery point"), error.getMessage());
    }

    @Test
    void aMissingVaultBucketIsNamed() {
        Vault missing = new Vault(clients.s3(), "no-such-vault-bucket", "", ObjectEncryption.of("AES256", null), 5);

        VaultException error = assertThrows(VaultException.class, () -> missing.checkBucket(false));

        assertTrue(error.getMessage().contains("'no-such-vault-bucket' does not exist (strata.vault.bucket)"),
                error.getMessage());
    }
}
