package io.strata.dynamodb;

import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Resolves DynamoDB selectors to tables: a name as given (an unknown table fails on its own),
 * a prefix by ListTables, a tag by ListTagsOfResource on each table.
 */
public final class TableResolver {

    private final DynamoDbClient dynamoDb;

    public TableResolver(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public List<ResourceRef> resolve(BackupRequest request) {
        Set<String> seen = new LinkedHashSet<>();
        List<ResourceRef> refs = new ArrayList<>();
        List<String> allTables = null;
        for (ResourceSelector selector : request.selectors()) {
            List<String> tables;
            if (selector.kind() == ResourceSelector.Kind.NAME) {
                tables = List.of(selector.value());
            } else {
                allTables = allTables == null ? listTables() : allTables;
                tables = selector.kind() == ResourceSelector.Kind.PREFIX
                        ? allTables.stream().filter(t -> t.startsWith(selector.value())).toList()
                        : allTables.stream().filter(t -> hasTag(t, selector.tagKey(), selector.value())).toList();
                if (tables.isEmpty()) {
                    String pattern = selector.toString().substring(selector.service().length() + 1);
                    refs.add(new ResourceRef(request.runId(), request.plan(), "dynamodb", pattern,
                            "selector " + selector + " matched no table"));
                }
            }
            for (String table : tables) {
                if (seen.add(table)) {
                    refs.add(ResourceRef.of(request, "dynamodb", table));
                }
            }
        }
        return refs;
    }

    private List<String> listTables() {
        List<String> tables = new ArrayList<>();
        dynamoDb.listTablesPaginator().tableNames().forEach(tables::add);
        return tables;
    }

    private boolean hasTag(String table, String key, String value) {
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        return value.equals(new TableSchemaReader(dynamoDb).tags(arn).get(key));
    }
}
