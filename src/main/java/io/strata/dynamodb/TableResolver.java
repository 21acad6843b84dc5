package io.strata.dynamodb;

import io.strata.plan.ResourceSelector;
import io.strata.service.NotFound;
import io.strata.service.Resource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Resolves DynamoDB selectors to tables: a name if DynamoDB knows it (DescribeTable),
 * a prefix by ListTables, a tag by ListTagsOfResource on each table (the loop is the one every
 * service shares: {@code SelectorSyntax.resolve}).
 */
public final class TableResolver {

    private final DynamoDbClient dynamoDb;

    public TableResolver(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * One ref per table selected; a selector that matches nothing, or that cannot be resolved
     * (DynamoDB unreachable, access denied), becomes a ref with its problem, so the run reports it;
     * a listed table whose name DynamoDB would refuse is skipped with its own problem.
     */
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        TableList allTables = new TableList();
        return new DynamoDbSelectors().resolve(selectors, selector -> tablesOf(selector, allTables));
    }

    private List<String> tablesOf(ResourceSelector selector, TableList allTables) {
        return switch (selector.kind()) {
            case NAME -> List.of(existing(selector.value()));
            case PREFIX -> allTables.get().stream().filter(t -> t.startsWith(selector.value())).toList();
            case TAG -> allTables.get().stream().filter(t -> hasTag(t, selector.tagKey(), selector.value())).toList();
        };
    }

    /**
     * A named table that does not exist is the selector's fault, told as such (a request naming it is
     * rejected, a run reports it) rather than found later by the export; the export describes it again.
     */
    private String existing(String table) {
        try {
            dynamoDb.describeTable(r -> r.tableName(table));
            return table;
        } catch (ResourceNotFoundException e) {
            throw new NotFound("table " + table + " not found", e);
        }
    }

    /** ListTables at most once per resolve call, and only if a selector needs it. */
    private final class TableList {
        private List<String> tables;

        List<String> get() {
            if (tables == null) {
                tables = listTables();
            }
            return tables;
        }
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
