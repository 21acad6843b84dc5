package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.strata.config.AwsClients;
import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import io.strata.support.DynamoDbProxy;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Selectors to tables: by name, by prefix and by tag. */
class TableResolverIT {

    @Test
    void resolvesNamesPrefixesAndTagsWithoutDuplicates() {
        try (DynamoDbProxy tagging = DynamoDbProxy.start();
             AwsClients clients = TestAws.clients(TestAws.settings(TestAws.unique("vault"), tagging.setting()))) {
            DynamoDbClient dynamoDb = clients.dynamoDb();
            String prefix = TestAws.unique("resolve");
            for (String suffix : List.of("-orders", "-users", "-logs")) {
                Tables.create(dynamoDb, prefix + suffix);
            }
            for (String suffix : List.of("-orders", "-logs")) {
                String arn = dynamoDb.describeTable(r -> r.tableName(prefix + suffix)).table().tableArn();
                dynamoDb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("backup").value("nightly").build()));
            }
            List<Resource> refs = new TableResolver(dynamoDb).resolve(List.of(
                    ResourceSelector.parse("dynamodb:" + prefix + "-users"),
                    ResourceSelector.parse("dynamodb:tag/backup=nightly"),
                    ResourceSelector.parse("dynamodb:" + prefix + "-*"),
                    ResourceSelector.parse("dynamodb:tag/backup=weekly")));
            // names first, in the order given; then ListTables order (alphabetical); none twice

            assertEquals(List.of(prefix + "-users", prefix + "-logs", prefix + "-orders", "tag/backup=weekly"),
                    refs.stream().map(Resource::id).filter(n -> n.startsWith(prefix) || n.startsWith("tag/")).toList());
            assertNull(refs.get(0).problem());
            Resource weekly = refs.get(refs.size() - 1);
            assertEquals("selector dynamodb:tag/backup=weekly matched no table", weekly.problem());
            assertEquals(Map.of("backup", "nightly"), new TableSchemaReader(dynamoDb)
                    .read(prefix + "-orders").tags());
        }
    }
}
