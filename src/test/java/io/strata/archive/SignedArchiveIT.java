package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopier;
import io.strata.dynamodb.ExportManifest;
import io.strata.dynamodb.ExportVerifier;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeKms;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.tiering.ObjectCopy;
import io.strata.tiering.ObjectTiering;
import io.strata.vault.CatalogSignature;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive's own writes and copies under {@code strata.vault.signing-key} (S3Mock, DynamoDB Local,
 * {@link FakeKms}): the expiry marker is signed and a resumed expiry accepts it; a tier change in
 * place (CopyObject, and UploadPartCopy in parts) and a copy to a second vault keep valid MACs; a
 * forged descriptor is never copied into a second vault, where it would be signed anew.
 */
class SignedArchiveIT {

    private static FakeKms kms;
    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private final FailDataDeletes failDeletes = new FailDataDeletes();
    private Properties properties;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private String table;

    @BeforeAll
    static void startKms() {
        kms = new FakeKms();
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private void start() throws Exception {
        table = TestAws.unique("orders");
        properties = TestAws.properties(TestAws.unique("signed-archive"), "strata.dynamodb.segments", "1",
                "strata.vault.signing-key", kms.hmacKey(), "strata.aws.endpoint.kms", kms.endpoint().toString(),
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=1");
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings, failDeletes);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
    }

    private RecoveryPoint backUpOn(String day) {
        clock.set(Instant.parse(day + "T02:00:00Z"));
        return services.get("dynamodb").backup(table, "nightly");
    }

    private ArchiveReport pass(String at) {
        clock.set(Instant.parse(at));
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        return new Archivist(plans, ArchivePolicies.from(properties, plans), services, vault, clock, new StopSignal())
                .run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    @Test
    void theExpiryMarkerIsSignedAndTheExpiryAKilledPassLeftIsFinishedFromIt() throws Exception {
        start();
        RecoveryPoint old = backUpOn("2026-03-01");
        RecoveryPoint newer = backUpOn("2026-03-02");
        String marker = RecoveryPointKey.parse(old.key()).expiringKey();
        failDeletes.armed = true;

        ArchiveReport cut = pass("2026-03-02T12:00:00Z");

        assertFalse(cut.ok(), "the data delete failed: the expiry is left half-done");
        Map<String, String> mac = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(marker)).metadata();
        assertNotNull(mac.get(CatalogSignature.MAC), "the marker carries its MAC: " + mac);
        assertEquals(Json.MAPPER.readValue(vault.readSigned(marker), RecoveryPoint.class).key(), old.key());

        failDeletes.armed = false;
        ArchiveReport resumed = pass("2026-03-02T12:00:00Z");

        assertTrue(resumed.ok(), resumed.problems().toString());
        assertTrue(keys(old.key()).isEmpty(), "finished from the signed marker: " + keys(old.key()));
        assertTrue(new ExportVerifier(vault).verify(RecoveryPointKey.parse(newer.key())).problems().isEmpty());
    }

    @Test
    void aTierChangeInOnePieceOrInPartsKeepsEachObjectsMac() throws Exception {
        start();
        RecoveryPoint point = backUpOn("2026-03-01");
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        String files = keys(point.key()).stream().filter(k -> k.endsWith(ExportManifest.FILES)).findFirst().orElseThrow();
        Map<String, String> descriptorMac = metadata(key.descriptorKey());
        Map<String, String> filesMac = metadata(files);

        // Descriptors and manifests stay in STANDARD in a pass; moved here directly to see what S3 keeps on a copy.
        new ObjectTiering().move(vault, stored(key.descriptorKey()), StorageTier.GLACIER_IR, false);
        new ObjectTiering(new ObjectCopy(0, 5L * 1024 * 1024)).move(vault, stored(files), StorageTier.GLACIER_IR, false);

        assertEquals("GLACIER_IR", storageClass(key.descriptorKey()));
        assertEquals("GLACIER_IR", storageClass(files));
        assertEquals(descriptorMac.get(CatalogSignature.MAC), metadata(key.descriptorKey()).get(CatalogSignature.MAC));
        assertEquals(filesMac.get(CatalogSignature.MAC), metadata(files).get(CatalogSignature.MAC), "kept by the copy in parts");
        assertEquals(point.key(), vault.read(key).key(), "the descriptor's MAC still checks");
        assertTrue(new ExportVerifier(vault).verify(key).problems().isEmpty(), "and the manifests'");
    }

    @Test
    void aForgedDescriptorIsNeverCopiedIntoASecondVaultWhereItWouldBeSignedAnew() throws Exception {
        start();
        RecoveryPoint good = backUpOn("2026-03-01");
        RecoveryPoint forged = backUpOn("2026-03-02");
        String descriptor = RecoveryPointKey.parse(forged.key()).descriptorKey();
        ResponseBytes<GetObjectResponse> signed = vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(descriptor));
        ObjectNode edited = (ObjectNode) Json.MAPPER.readTree(signed.asByteArray());
        edited.put("itemCount", 1);
        vault.s3().putObject(r -> r.bucket(vault.bucket()).key(descriptor).metadata(signed.response().metadata()),
                RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(edited)));
        String secondBucket = TestAws.unique("signed-dr");
        vault.s3().createBucket(r -> r.bucket(secondBucket));
        Vault second = vault.inBucket(secondBucket);

        new VaultCopier().copy(vault, second, good.key(), () -> false);
        VaultException refused = assertThrows(VaultException.class,
                () -> new VaultCopier().copy(vault, second, forged.key(), () -> false));

        assertTrue(refused.getMessage().contains(descriptor + " does not match its MAC"), refused.getMessage());
        assertFalse(new VaultCopier().committedIn(second, forged.key()), "no descriptor in the second vault");
        assertEquals(List.of(good.key()), second.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
        assertTrue(second.list(p -> true).problems().isEmpty());
        assertTrue(new ExportVerifier(second).verify(RecoveryPointKey.parse(good.key())).problems().isEmpty(),
                "the copy's descriptor and manifests check in the second vault");
    }

    private StoredObject stored(String key) {
        var head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key));
        return new StoredObject(key, head.contentLength(), head.storageClassAsString(), head.lastModified());
    }

    private Map<String, String> metadata(String key) {
        return vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key)).metadata();
    }

    private String storageClass(String key) {
        return vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key)).storageClassAsString();
    }

    private List<String> keys(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** A data file's delete (DeleteObject, or a DeleteObjects naming one) fails (a connection reset) while armed: an expiry cut after its marker. */
    private static final class FailDataDeletes implements ExecutionInterceptor {
        volatile boolean armed;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (armed && context.request() instanceof DeleteObjectRequest delete && delete.key().contains("/data/")) {
                throw SdkClientException.create("injected: connection reset deleting " + delete.key());
            }
            if (armed && context.request() instanceof DeleteObjectsRequest deletes
                    && deletes.delete().objects().stream().anyMatch(o -> o.key().contains("/data/"))) {
                throw SdkClientException.create("injected: connection reset deleting data files");
            }
        }
    }
}
