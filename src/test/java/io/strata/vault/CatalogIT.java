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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** Listing one resource lists and reads only that resource's folder, newest first (S3Mock, DynamoDB Local). */
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
}
