package io.strata;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.exit.ExitCode;
import io.strata.support.Tables;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * {@code strata restore} and {@code strata verify} of recovery points whose data files are archived,
 * as a user runs them: messages and exit codes. The CLI talks to S3Mock directly, which reports
 * storage classes but has no restore state: what is checked here needs only the listing and HEAD
 * (the restores themselves are in {@code archive.ThawIT}, over the GlacierS3 wrapper).
 */
class ArchivedRecoveryPointCliIT {

    private static String bucket;
    private static AwsClients clients;
    private static Vault vault;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("archived-cli");
        StrataSettings settings = TestAws.settings(bucket, "strata.dynamodb.segments", "3");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }


    private static synchronized StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    /** A recovery point of {@code table} whose data files are then moved to {@code storageClass}, as the archive does. */
    private static RecoveryPoint archived(String table, StorageClass storageClass) throws Exception {
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 90).mapToObj(i -> Tables.simple("p" + i, i, "x")).toList());
        RecoveryPoint point = new TableExporter(clients.dynamoDb(), vault,
                DynamoDbSettings.from(TestAws.properties(bucket, "strata.dynamodb.segments", "3")),
                Clock.systemUTC(), "us-east-1").export(table, null);
        for (DataFile file : point.files()) {
            clients.s3().copyObject(r -> r.sourceBucket(bucket).sourceKey(file.key()).destinationBucket(bucket)
                    .destinationKey(file.key()).storageClass(storageClass));
        }
        return point;
    }

    private static boolean exists(String table) {
        try {
            clients.dynamoDb().describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Test
    void withoutFlagsRestoreAndVerifyNameTheCommandToRunAndExit1() throws Exception {
        RecoveryPoint point = archived(TestAws.unique("deep"), StorageClass.DEEP_ARCHIVE);
        String target = TestAws.unique("deep-restored");
        int files = point.files().size();

        StrataCli.Result restore = strata("restore", point.key(), "--to", target, "--overwrite");
        StrataCli.Result verify = strata("verify", "s3://" + bucket + "/" + point.key());

        assertEquals(ExitCode.FAILED.code(), restore.code(), restore.err());
        assertTrue(restore.err().startsWith("strata: " + files + " of " + (files + 3) + " objects of " + point.key()
                + " are in DEEP_ARCHIVE and not restored: restore them first with: strata restore " + point.key() + " --to "
                + target + " --overwrite --retrieval-tier Standard --restore-days 3 (from DEEP_ARCHIVE Standard takes up to "
                + "12 h, Bulk up to 48 h at a lower price, Expedited is not offered; nothing already restoring is requested "
                + "again)"), restore.err());
        assertFalse(restore.err().contains("InvalidObjectState"), restore.err());
        assertFalse(exists(target), "refused before any work");
        assertEquals(ExitCode.FAILED.code(), verify.code(), verify.err());
        assertTrue(verify.err().contains("restore them first with: strata verify s3://" + bucket + "/" + point.key()
                + " --retrieval-tier Standard --restore-days 3 ("), verify.err());
        assertEquals("", verify.out(), "no verification report over files it could not read");
    }

    @Test
    void badRetrievalOptionsAreUsageErrorsNamingTheOption() throws Exception {
        String point = "strata/dynamodb/us-east-1/any/20260101T000000Z-00000000/";

        StrataCli.Result tier = strata("restore", point, "--to", "t", "--retrieval-tier", "Fast");
        StrataCli.Result zero = strata("verify", point, "--restore-days", "0");
        StrataCli.Result words = strata("restore", point, "--to", "t", "--restore-days", "three");

        assertEquals(2, tier.code(), tier.err());
        assertTrue(tier.err().startsWith("strata: Invalid value for option '--retrieval-tier': must be Expedited, "
                + "Standard or Bulk, not 'Fast'"), tier.err());
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().startsWith("strata: Invalid value for option '--restore-days': must be at least 1"), zero.err());
        assertEquals(2, words.code(), words.err());
        assertTrue(words.err().contains("--restore-days"), words.err());
    }

    @Test
    void expeditedFromDeepArchiveIsRefusedWithTheTiersThatWork() throws Exception {
        RecoveryPoint point = archived(TestAws.unique("expedite"), StorageClass.DEEP_ARCHIVE);
        String target = TestAws.unique("expedite-restored");

        StrataCli.Result result = strata("restore", point.key(), "--to", target, "--retrieval-tier", "expedited");

        assertEquals(ExitCode.FAILED.code(), result.code(), result.err());
        assertTrue(result.err().startsWith("strata: Expedited retrieval is not offered for DEEP_ARCHIVE, where "
                + point.files().size() + " of " + (point.files().size() + 3) + " objects of " + point.key()
                + " are: use --retrieval-tier Standard (up to 12 h) or Bulk (up to 48 h); nothing was requested"),
                result.err());
        assertFalse(exists(target));
    }

    @Test
    void instantRetrievalRecoveryPointsRestoreAndVerifyWithoutFlags() throws Exception {
        String table = TestAws.unique("instant");
        RecoveryPoint point = archived(table, StorageClass.GLACIER_IR);
        String target = TestAws.unique("instant-restored");

        StrataCli.Result restore = strata("restore", point.key(), "--to", target);
        StrataCli.Result verify = strata("verify", point.key());

        assertEquals(0, restore.code(), restore.err());
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().startsWith("VERIFIED " + point.key()), verify.out());
    }
}
