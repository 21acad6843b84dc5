package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import io.strata.service.RestoreRequest;
import io.strata.support.DynamoDbProxy;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.service.Waiter;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A restored table does not join the plan of its source: with plan {@code nightly} selecting
 * {@code dynamodb:tag/env=<unique>}, the restored copy leaves that tag off unless --keep-tags, and names the
 * recovery point it came from. DynamoDB Local has no tags: {@link DynamoDbProxy} keeps them as DynamoDB does.
 */
class RestoredTagsIT {

    private static final String ENV = TestAws.unique("prod");

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static DynamoDbService service;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2",
                proxy.setting()[0], proxy.setting()[1], "strata.plan.nightly.resources", "dynamodb:tag/env=" + ENV,
                "strata.plan.nightly.cron", "0 0 2 * * ?");
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        DynamoDbSettings options = DynamoDbSettings.from(settings.properties());
        service = new DynamoDbService(dynamoDb, vault, options, DynamoDbPlans.none(),
                new TableExporter(dynamoDb, vault, options, Clock.systemUTC(), "us-east-1"),
                new NativeExporter(dynamoDb, vault, NativeExportSettings.defaults(), Clock.systemUTC(), "us-east-1",
                        AttemptTiming.DEFAULT, new Waiter(Duration.ofMillis(100))), NativeExportSettings.defaults(),
                () -> false);
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    private static RecoveryPoint backup(String table) {
        Tables.create(dynamoDb, table);
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        dynamoDb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("env").value(ENV), t -> t.key("team").value("orders")));
        try {
            Tables.put(dynamoDb, table, IntStream.range(0, 30).mapToObj(i -> Tables.simple("p" + i, i, "v")).toList());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return service.backup(table, "nightly");
    }

    private static Map<String, String> tagsOf(String table) {
        return proxy.tags().of(dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn());
    }

    private static List<String> selectedByTheNightlyPlan() {
        return service.resolve(List.of(ResourceSelector.parse("dynamodb:tag/env=" + ENV))).stream().map(Resource::id)
                .sorted().toList();
    }

    @Test
    void aRestoredTableLeavesTheSelectedTagOffAndSaysSo() {
        String table = TestAws.unique("orders");
        RecoveryPoint point = backup(table);

        String result = service.restore(vault, point, new RestoreRequest(table + "-restored", Map.of()));

        assertEquals(Map.of("team", "orders", "strata:restored-from", point.key()), tagsOf(table + "-restored"));
        assertEquals(List.of(table), selectedByTheNightlyPlan(), "the next run of nightly backs up the original only");
        assertTrue(result.contains("Dropped the tags plans select on, so that no plan backs up the restored table as a "
                + "second copy of the original: env=" + ENV + " (plan nightly) (--keep-tags keeps them)"), result);
        assertEquals(30, Tables.scanAll(dynamoDb, table + "-restored").size());
    }

    @Test
    void keepTagsKeepsThem() {
        String table = TestAws.unique("kept");
        RecoveryPoint point = backup(table);

        String result = service.restore(vault, point, new RestoreRequest(table + "-copy", Map.of("keep-tags", "true")));

        assertEquals(Map.of("env", ENV, "team", "orders", "strata:restored-from", point.key()), tagsOf(table + "-copy"));
        assertTrue(selectedByTheNightlyPlan().contains(table + "-copy"));
        assertTrue(result.contains("Kept the tags plans select on, as --keep-tags asks: env=" + ENV + " (plan nightly)"),
                result);
    }
}
