package io.strata.dynamodb;

import io.strata.service.InterruptedRestore;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The tables of the region that carry {@link RestoreMark}: ListTables, one DescribeTable (for the ARN
 * form), then one ListTagsOfResource per table — N + 2 calls for N tables, nothing read from the
 * tables themselves. An endpoint without tagging (DynamoDB Local) has none, found at the first table.
 */
final class InterruptedRestores {

    private final DynamoDbClient dynamoDb;

    InterruptedRestores(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    List<InterruptedRestore> find() {
        List<String> tables = new ArrayList<>();
        dynamoDb.listTablesPaginator().tableNames().forEach(tables::add);
        List<InterruptedRestore> found = new ArrayList<>();
        if (tables.isEmpty()) {
            return found;
        }
        String first = dynamoDb.describeTable(r -> r.tableName(tables.get(0))).table().tableArn();
        String arnPrefix = first.substring(0, first.length() - tables.get(0).length());
        for (String table : tables) {
            List<Tag> tags;
            try {
                tags = tagsOf(arnPrefix + table);
            } catch (ResourceNotFoundException deletedMeanwhile) {
                continue;
            } catch (DynamoDbException e) {
                if (TableSchemaReader.taggingUnsupported(e)) {
                    return found;
                }
                throw e;
            }
            tags.stream().filter(t -> RestoreMark.KEY.equals(t.key())).findFirst().ifPresent(mark -> found.add(
                    new InterruptedRestore(table, mark.value(), "strata restore " + mark.value() + " --to " + table
                            + " --overwrite")));
        }
        return found;
    }

    private List<Tag> tagsOf(String arn) {
        List<Tag> tags = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = dynamoDb.listTagsOfResource(r -> r.resourceArn(arn).nextToken(token));
            tags.addAll(page.tags());
            next = page.nextToken();
        } while (next != null);
        return tags;
    }
}
