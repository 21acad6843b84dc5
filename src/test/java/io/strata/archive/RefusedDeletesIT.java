package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.EnforcedObjectLock;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Expiry deletes in DeleteObjects batches, and S3 answers such a batch with 200 even when Object Lock
 * refused some of its keys. Here a legal hold is put on one expiring recovery point's data file while
 * the pass runs (after its lock check: an administrator acting at that moment), over
 * {@link EnforcedObjectLock}, which refuses that version per key as AWS does. The report must name
 * the refused key and version, that recovery point must stay half-expired with its marker (never
 * listed, finished by the next pass once the hold is lifted), and the other expiries must be complete.
 */
class RefusedDeletesIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2030-03-01T00:00:00Z"));
    private final AtomicReference<String> holdWhenExpiring = new AtomicReference<>();
    private AwsClients plain;
    private EnforcedObjectLock lock;
    private AwsClients clients;
    private StrataSettings settings;
    private Vault vault;
    private ServiceRegistry services;
    private PlanCatalog plans;
    private String table;

    /** When the expiry marker of the chosen point is written, its data file's version gets a legal hold. */
    private final ExecutionInterceptor administrator = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String folder = holdWhenExpiring.get();
            if (folder != null && context.request() instanceof PutObjectRequest put
                    && put.key().equals(RecoveryPointKey.parse(folder).expiringKey())) {
                holdWhenExpiring.set(null);
                for (ObjectVersion version : versions(folder).versions()) {
                    if (version.key().contains("/data/")) {
                        plain.s3().putObjectLegalHold(r -> r.bucket(put.bucket()).key(version.key())
                                .versionId(version.versionId()).legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
                    }
                }
            }
        }
    };

    @BeforeEach
    void start() throws Exception {
        table = TestAws.unique("refused-orders");
        settings = TestAws.settings(TestAws.unique("refused-archive"), "strata.vault.lock-days", "3",
                "strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table, "strata.plan.nightly.retention", "daily=1");
        plain = TestAws.clients(settings);
        lock = new EnforcedObjectLock(plain.s3(), clock);
        clients = TestAws.clients(settings, lock, administrator);
        vault = Vault.from(clients.s3(), settings, clock);
        vault.checkBucket(true);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 20, 3);
    }

    @AfterEach
    void stop() {
        clients.close();
        plain.close();
    }

    private RecoveryPoint backUpAt(String instant) {
        clock.set(Instant.parse(instant));
        return services.get("dynamodb").backup(table, "nightly");
    }

    private ArchiveReport passAt(String instant) {
        clock.set(Instant.parse(instant));
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    private ListObjectVersionsResponse versions(String folder) {
        return plain.s3().listObjectVersions(r -> r.bucket(vault.bucket()).prefix(folder));
    }

    private List<String> keysUnder(String folder) {
        return plain.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(folder)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void aDeleteRefusedByObjectLockIsReportedByKeyAndEverythingElseIsExpired() {
        RecoveryPoint held = backUpAt("2030-03-01T01:00:00Z");
        RecoveryPoint other = backUpAt("2030-03-02T01:00:00Z");
        RecoveryPoint third = backUpAt("2030-03-03T01:00:00Z");
        RecoveryPoint newest = backUpAt("2030-03-04T01:00:00Z");
        String dataKey = held.files().get(0).key();
        holdWhenExpiring.set(held.key());

        // The 3-day locks have all passed: three recovery points expire, newest is kept.
        ArchiveReport report = passAt("2030-03-10T12:00:00Z");

        assertFalse(report.ok(), "a refused delete is a failure of the pass");
        Map<String, ArchiveReport.Outcome> byKey = report.outcomes().stream()
                .collect(Collectors.toMap(o -> o.decision().point().key(), Function.identity()));
        ArchiveReport.Outcome refused = byKey.get(held.key());
        assertEquals(ArchiveReport.Status.FAILED, refused.status(), report.outcomes().toString());
        String versionId = versions(held.key()).versions().stream().filter(v -> v.key().equals(dataKey)).findFirst()
                .orElseThrow().versionId();
        assertTrue(refused.detail().contains("s3://" + vault.bucket() + "/" + dataKey + " (version " + versionId
                + "): AccessDenied"), refused.detail());
        assertEquals(1, lock.refusedDeletes(), "only the held version was refused");
        assertEquals(0, lock.bypassRequests());
        // Only what S3 refused, and the marker that lets the next pass finish, are left of it.
        assertEquals(List.of(dataKey, RecoveryPointKey.parse(held.key()).expiringKey()).stream().sorted().toList(),
                keysUnder(held.key()));
        for (RecoveryPoint gone : List.of(other, third)) {
            assertEquals(ArchiveReport.Status.DONE, byKey.get(gone.key()).status(), report.outcomes().toString());
            assertEquals(List.of(), versions(gone.key()).versions(), "no version of " + gone.key() + " stays billed");
            assertEquals(List.of(), versions(gone.key()).deleteMarkers());
        }
        assertEquals(List.of(newest.key()), services.catalog().find(vault, null).points().stream()
                .map(RecoveryPoint::key).toList(), "the half-expired one is not listed");

        plain.s3().putObjectLegalHold(r -> r.bucket(vault.bucket()).key(dataKey).versionId(versionId)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        ArchiveReport next = passAt("2030-03-10T13:00:00Z");

        assertTrue(next.ok(), next.outcomes() + " " + next.problems());
        assertEquals(List.of(), versions(held.key()).versions(), "the next pass finished it from its marker");
        assertEquals(List.of(), versions(held.key()).deleteMarkers());
    }
}
