package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.exit.ExitCode;
import io.strata.plan.PlanCatalog;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.GlacierS3;
import io.strata.support.SettableClock;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The verify pass over a newest recovery point whose data files the archive moved to GLACIER (S3 refuses to
 * read them without a thaw, as {@link GlacierS3} answers): a healthy archived backup is not FAILED, and its
 * record does not claim contents it never read; a size that differs from the record is still CORRUPT.
 */
class ArchivedVerifyIT {

    private static final Instant BACKED_UP = Instant.parse("2026-12-01T02:00:00Z");
    private final SettableClock clock = new SettableClock(BACKED_UP);
    private String bucket;
    private String table;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private VerifyPass pass;
    private RecoveryPoint point;

    @BeforeEach
    void backUpAndArchive() throws Exception {
        bucket = TestAws.unique("archived-verify");
        table = TestAws.unique("cold");
        settings = TestAws.settings(bucket, "strata.dynamodb.segments", "2", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table);
        clients = TestAws.clients(settings, new GlacierS3());
        vault = TestAws.vault(clients, settings);
        ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "one"), Tables.simple("b", 2, "two"),
                Tables.simple("c", 3, "three")));
        point = services.get("dynamodb").backup(table, "nightly");
        for (DataFile file : point.files()) {
            clients.s3().copyObject(r -> r.sourceBucket(bucket).sourceKey(file.key()).destinationBucket(bucket)
                    .destinationKey(file.key()).storageClass(StorageClass.GLACIER));
        }
        pass = new VerifyPass(new Inventory(plans, services, vault), services, vault, settings.properties(), clock);
        clock.set(BACKED_UP.plus(Duration.ofHours(3)));
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private ResourceState check() {
        List<PlanResource> resources = pass.resources();
        assertEquals(1, resources.size(), resources.toString());
        return pass.check(resources.get(0));
    }

    @Test
    void anArchivedPointIsOkAndItsRecordSaysItsContentsWereNotRead() throws Exception {
        ResourceState state = check();

        assertEquals(ResourceStatus.OK, state.status(), state.reason());
        Verification record = new Verifications(vault).newest(point.key(), Verification.VERIFY).orElseThrow();
        assertTrue(record.ok(), record.toString());
        assertEquals(ResourceStatus.OK, record.status());
        assertNull(record.reason());
        assertTrue(record.notRead() != null && record.notRead().contains(point.files().size() + " of "
                + point.files().size() + " data files") && record.notRead().contains("GLACIER"), record.toString());

        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        List<String> args = StrataCli.against(bucket);
        args.addAll(List.of("-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:" + table,
                "-Dstrata.plan.nightly.freshness=87600h", "status"));
        StrataCli.Result status = StrataCli.run(args);
        assertEquals(ExitCode.OK.code(), status.code(), status.out() + status.err());
        String row = status.out().lines().filter(l -> l.startsWith("dynamodb:" + table)).findFirst().orElse(status.out());
        assertTrue(row.matches("dynamodb:" + table + " +nightly +OK +.* GLACIER +OK \\(contents archived, not read\\) .+ ago +never"), row);

        args.add("--json");
        JsonNode json = Json.MAPPER.readTree(StrataCli.run(args).out()).get("resources").get(0).get("lastVerification");
        assertEquals("OK", json.get("status").asText());
        assertTrue(json.get("notRead").asText().contains("GLACIER"), json.toString());
    }

    @Test
    void anArchivedFileOfAnotherSizeIsCorruptWithoutAThaw() {
        DataFile victim = point.files().get(0);
        clients.s3().putObject(r -> r.bucket(bucket).key(victim.key()).storageClass(StorageClass.GLACIER)
                .serverSideEncryption("AES256"), RequestBody.fromString("not the export"));

        ResourceState state = check();

        assertEquals(ResourceStatus.CORRUPT, state.status(), state.reason());
        assertTrue(state.reason().contains(victim.key() + ": size is 14, expected " + victim.bytes()), state.reason());
        assertFalse(state.lastVerification().ok());
    }
}
