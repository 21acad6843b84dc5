package io.strata.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.ResourceSelector;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Listing one resource lists and reads only that resource's folder, newest first; descriptors are read
 * while the listing's next pages are still asked for (S3Mock, DynamoDB Local).
 */
class CatalogIT {

    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Test
    void aNameSelectorListsOnlyItsOwnFolderAndReadsOnlyItsDescriptors() throws Exception {
        StrataSettings settings = TestAws.settings(TestAws.unique("catalog"));
        try (AwsClients clients = TestAws.clients(settings, new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request());
            }
        })) {
            Vault vault = TestAws.vault(clients, settings);
            ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
            String orders = TestAws.unique("orders");
            for (String table : List.of(orders, orders + "-eu", orders + "x")) {
                Tables.create(clients.dynamoDb(), table);
                Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, table)));
                services.get("dynamodb").backup(table, null);
                services.get("dynamodb").backup(table, null);
            }
            ResourceSelector selector = Services.selectors().parse("dynamodb:" + orders);
            requests.clear();

            Listing listing = vault.list("dynamodb", ServiceRegistry.folderPrefixes(List.of(selector)),
                    key -> ServiceRegistry.mayHold(key, selector), p -> services.matches(p, selector));

            assertEquals(2, listing.points().size());
            assertTrue(listing.points().stream().allMatch(p -> p.resource().equals("dynamodb:" + orders)));
            assertTrue(listing.points().get(0).startedAt().compareTo(listing.points().get(1).startedAt()) >= 0,
                    "newest first");
            List<String> listed = requests.stream().filter(ListObjectsV2Request.class::isInstance)
                    .map(r -> ((ListObjectsV2Request) r).prefix()).distinct().toList();
            assertEquals(List.of("strata/dynamodb/", "strata/dynamodb/us-east-1/" + orders + "/"), listed);
            assertEquals(2, requests.stream().filter(GetObjectRequest.class::isInstance).count(),
                    "one descriptor GET per recovery point of the table, none for the others");

            ResourceSelector prefix = Services.selectors().parse("dynamodb:" + orders + "*");
            assertEquals(6, vault.list("dynamodb", ServiceRegistry.folderPrefixes(List.of(prefix)),
                    key -> ServiceRegistry.mayHold(key, prefix), p -> services.matches(p, prefix)).points().size());
        }
    }

    /**
     * S3 lists 1,000 keys a page; a vault of 10,000 recovery points is 40 pages. Here S3Mock lists one key
     * a page, and the second page is held back until a descriptor of the first has been read: a catalog
     * that lists everything before it reads anything would hold it back for the whole wait, and fail.
     */
    @Test
    void descriptorsAreReadWhileTheNextPagesAreListed() throws Exception {
        StrataSettings settings = TestAws.settings(TestAws.unique("catalog"));
        CountDownLatch descriptorRead = new CountDownLatch(1);
        AtomicBoolean descriptorListed = new AtomicBoolean();
        AtomicReference<Boolean> readBeforeNextPage = new AtomicReference<>();
        AtomicBoolean paging = new AtomicBoolean();
        try (AwsClients clients = TestAws.clients(settings, new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                return paging.get() && context.request() instanceof ListObjectsV2Request list
                        ? list.toBuilder().maxKeys(1).build() : context.request();
            }

            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectsV2Request list && list.continuationToken() != null
                        && descriptorListed.get() && readBeforeNextPage.get() == null) {
                    try {
                        readBeforeNextPage.set(descriptorRead.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof GetObjectRequest get && get.key().endsWith("/recovery-point.json")) {
                    descriptorRead.countDown();
                }
                if (paging.get() && context.response() instanceof ListObjectsV2Response page && page.contents().stream()
                        .anyMatch(object -> object.key().endsWith("/recovery-point.json"))) {
                    descriptorListed.set(true);
                }
            }
        })) {
            Vault vault = TestAws.vault(clients, settings);
            Instant first = Instant.parse("2026-06-01T02:00:00Z");
            for (int day = 0; day < 3; day++) {
                Instant started = first.plusSeconds(86_400L * day);
                RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), "dynamodb", "us-east-1", "paged", started);
                vault.commit(new RecoveryPoint("test", key.prefix(), "dynamodb:paged", "dynamodb", "us-east-1", "test",
                        "scan", started, started.plusSeconds(30), 0, 0, null, List.of(), null, null));
            }
            paging.set(true);

            Listing listing = vault.list(point -> true);

            assertEquals(3, listing.points().size(), listing.problems().toString());
            assertTrue(listing.problems().isEmpty(), listing.problems().toString());
            assertEquals(true, readBeforeNextPage.get(), "a listed descriptor was read before the next page was asked "
                    + "for (the reads did not wait for the whole listing)");
        }
    }
}
