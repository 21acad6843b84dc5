package io.strata.copies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.service.StopSignal;
import io.strata.support.Faults;
import io.strata.support.S3Calls;
import io.strata.support.S3CopyChecksums;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.tiering.ObjectCopy;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/** The copier alone, on an export of ~8 MB: copies in parts, two copies at once, a copy killed mid-way. */
class VaultCopierIT {

    private final S3Calls calls = new S3Calls();
    private final CrashOnce crash = new CrashOnce();
    private AwsClients raw;
    private AwsClients clients;
    private Vault vault;
    private Vault second;
    private RecoveryPoint point;

    /** Stops a copy dead at the data file's first part, as kill -9 would (an Error: no catch block cleans up). */
    private static final class CrashOnce implements ExecutionInterceptor {
        volatile boolean armed;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            boolean dataFile = context.request() instanceof UploadPartCopyRequest part && part.partNumber() == 1
                    || context.request() instanceof CopyObjectRequest copy && copy.destinationKey().endsWith(".json.gz");
            if (armed && dataFile) {
                armed = false;
                throw new Faults.Crash();
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        String table = TestAws.unique("orders");
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1");
        raw = TestAws.clients(settings);
        clients = TestAws.clients(settings, crash, new S3CopyChecksums(raw.s3()), calls);
        vault = TestAws.vault(clients, settings);
        String secondBucket = TestAws.unique("vault-dr");
        raw.s3().createBucket(r -> r.bucket(secondBucket));
        second = vault.inBucket(secondBucket);
        Tables.create(raw.dynamoDb(), table);
        // 2,000 items of 4,000 random bytes: a data file of ~8 MB, stored in two 5 MiB parts.
        Tables.putIncompressible(raw.dynamoDb(), table, 2000, 7);
        point = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal()).get("dynamodb")
                .backup(table, "nightly");
    }

    @AfterEach
    void stop() {
        clients.close();
        raw.close();
    }

    @Test
    void aDataFileAboveTheCopyLimitIsCopiedInPartsAndReadBackToCheckIt() {
        VaultCopier copier = new VaultCopier(new ObjectCopy(1024 * 1024, 5 * 1024 * 1024));

        VaultCopier.Result result = copier.copy(vault, second, point.key(), () -> false);

        assertEquals(3, result.copied());
        long parts = calls.to(second.bucket()).stream().filter(c -> c.operation().equals("UploadPartCopy")).count();
        assertEquals(2, parts);
        assertEquals(1, calls.to(second.bucket()).stream().filter(c -> c.operation().equals("GetObject")).count(),
                "the multipart copy (and only it) is read back: its checksum is one of parts");
        assertSameBytes();
    }

    @Test
    void twoCopiesOfOneRecoveryPointAtOnceBothEndWithOneCommittedCopy() throws Exception {
        VaultCopier copier = new VaultCopier();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<VaultCopier.Result>> results = List.of(two.submit(() -> {
                Faults.await(go);
                return copier.copy(vault, second, point.key(), () -> false);
            }), two.submit(() -> {
                Faults.await(go);
                return copier.copy(vault, second, point.key(), () -> false);
            }));
            go.countDown();
            for (Future<VaultCopier.Result> result : results) {
                result.get();
            }
        } finally {
            two.shutdownNow();
        }

        assertEquals(List.of(point.key()), second.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
        assertSameBytes();
    }

    @Test
    void aCopyKilledMidWayLeavesNoDescriptorAndTheNextOneFinishesIt() {
        VaultCopier copier = new VaultCopier();
        crash.armed = true;

        assertThrows(RuntimeException.class, () -> copier.copy(vault, second, point.key(), () -> false));

        assertTrue(second.list(p -> true).points().isEmpty());
        Map<String, byte[]> left = contents(second.bucket());
        assertTrue(!left.containsKey(point.key() + RecoveryPointKey.DESCRIPTOR));
        assertTrue(left.keySet().stream().noneMatch(k -> k.endsWith(".json.gz")), "the data file was never copied");

        VaultCopier.Result rerun = copier.copy(vault, second, point.key(), () -> false);

        // The copies run in parallel and none starts after the crash, so how many manifests made it before
        // the kill is a race; what is there must be kept (checked, not copied again) and the rest copied.
        assertEquals(left.size(), rerun.kept(), "what was copied before the kill is kept, checked: " + left.keySet());
        assertEquals(3 - left.size(), rerun.copied());
        assertSameBytes();
    }

    @Test
    void aStopRequestedBeforeACopyCommitsNothing() {
        VaultCopier copier = new VaultCopier();

        assertThrows(RuntimeException.class, () -> copier.copy(vault, second, point.key(), () -> true));

        assertTrue(second.list(p -> true).points().isEmpty());
    }

    private void assertSameBytes() {
        Map<String, byte[]> primary = contents(vault.bucket());
        Map<String, byte[]> copy = contents(second.bucket());
        assertEquals(primary.keySet(), copy.keySet());
        primary.forEach((key, bytes) -> assertArrayEquals(bytes, copy.get(key), key));
    }

    private Map<String, byte[]> contents(String bucket) {
        return raw.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(point.key())).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> raw.s3().getObjectAsBytes(r -> r.bucket(bucket).key(o.key()))
                        .asByteArray(), (a, b) -> a, TreeMap::new));
    }
}
