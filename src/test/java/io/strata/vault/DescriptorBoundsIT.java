package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.run.Recoveries;
import io.strata.service.StopSignal;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.error.VaultException;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, point 10: a descriptor is an object anyone with PutObject may rewrite. Before, {@code verify}
 * read every file a descriptor listed, one GET after another, although its manifests already disagreed
 * (100,000 listed files: minutes), and read a descriptor of any size whole into memory. Now the
 * agreement is checked before any data file is read, and a descriptor over 16 MiB is refused by its
 * length, unread, naming the object.
 */
class DescriptorBoundsIT {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static Vault vault;
    private static Recoveries recoveries;

    @BeforeAll
    static void start() {
        settings = TestAws.settings(TestAws.unique("bounds"), "strata.dynamodb.segments", "1");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        recoveries = new Recoveries(Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal()),
                vault);
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static RecoveryPoint backup(String table) throws Exception {
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 20).mapToObj(i -> Tables.simple("k" + i, i, "v" + i))
                .toList());
        return Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal()).get("dynamodb")
                .backup(table, null);
    }

    @Test
    void aDescriptorListing100000FilesItsManifestsDoNotListFailsBeforeReadingAnyOfThem() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("many"));
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        ObjectNode descriptor = (ObjectNode) Json.MAPPER.readTree(vault.readSigned(key.descriptorKey()));
        ArrayNode files = (ArrayNode) descriptor.get("files");
        String dataFolder = files.get(0).get("key").asText().replaceAll("[^/]+$", "");
        for (int i = 0; i < 100_000; i++) {
            files.addObject().put("key", dataFolder + i).put("itemCount", 0).put("bytes", 1);
        }
        byte[] edited = Json.MAPPER.writeValueAsBytes(descriptor);
        assertTrue(edited.length < DescriptorReader.MAX_BYTES, edited.length + " bytes");
        vault.putBytes(key.descriptorKey(), edited, "application/json");

        long started = System.nanoTime();
        // Before: one GET per listed file (each missing), minutes at S3Mock's pace.
        VerificationReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> recoveries.verify(point.key()));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertFalse(report.ok());
        assertEquals(0, report.items(), "no data file read");
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(dataFolder + "99999")
                && p.contains("not in manifest-files.json")), report.problems().subList(0, 3).toString());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("no data file read")));
        System.out.println("DescriptorBoundsIT: 100,000-file descriptor (" + edited.length + " bytes) refused in "
                + millis + " ms");
    }

    @Test
    void aDescriptorOver16MiBIsRefusedUnreadNamingIt() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("big"));
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        ByteArrayOutputStream padded = new ByteArrayOutputStream();
        padded.write(vault.readSigned(key.descriptorKey()));
        byte[] spaces = new byte[17 * 1024 * 1024]; // valid JSON still: trailing white space
        Arrays.fill(spaces, (byte) ' ');
        padded.write(spaces);
        vault.putBytes(key.descriptorKey(), padded.toByteArray(), "application/json");

        VaultException refused = assertThrows(VaultException.class, () -> recoveries.verify(point.key()));
        assertTrue(refused.getMessage().contains("s3://" + vault.bucket() + "/" + key.descriptorKey())
                && refused.getMessage().contains("refused unread"), refused.getMessage());
        assertTrue(vault.list(p -> true).problems().stream().anyMatch(p -> p.contains(key.descriptorKey())
                && p.contains(String.valueOf(padded.size()))), "list names it too");
    }
}
