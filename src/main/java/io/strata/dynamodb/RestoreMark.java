package io.strata.dynamodb;

import io.strata.service.Failures;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The tag {@code strata:restore-incomplete=<what is restored>} on a table a restore is writing. It is
 * set before the first item is written (with CreateTable, for a table the restore creates) and
 * removed only after the last item and the saved TTL, stream and tags are in place. So a table that
 * carries it after its restore ended (killed, power lost, failed into an existing table or with
 * {@code --keep-partial}) holds an incomplete copy, and says of what: the next restore into it and
 * {@code strata list} say so.
 */
final class RestoreMark {

    static final String KEY = "strata:restore-incomplete";
    /** DynamoDB's limit on a tag value. */
    private static final int MAX_VALUE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(RestoreMark.class);

    private final DynamoDbClient dynamoDb;

    RestoreMark(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * The tag for a restore of {@code reference} (as {@code strata restore} takes it). Characters a
     * tag value may not hold become {@code _}; a reference over 256 characters is cut (and ends
     * {@code ...}), so the tag still marks the table though it no longer names the whole reference.
     */
    static Tag tag(String reference) {
        String value = reference.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        if (value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE - 3) + "...";
        }
        return Tag.builder().key(KEY).value(value).build();
    }

    /** Marks an existing table before the first write. */
    void mark(String tableArn, String reference) {
        try {
            dynamoDb.tagResource(r -> r.resourceArn(tableArn).tags(tag(reference)));
        } catch (DynamoDbException e) {
            if (!TableSchemaReader.taggingUnsupported(e)) {
                throw new RestoreException("Cannot mark " + tableArn + " with the tag " + KEY + " before writing into "
                        + "it (" + Failures.message(e) + "), nothing was written: restores need dynamodb:TagResource", e);
            }
            LOG.warn("{} not marked {}: this endpoint does not support tagging, so an interrupted restore would leave "
                    + "no mark", tableArn, KEY);
        }
    }

    /** The restore is complete: the table is no longer marked. */
    void clear(String tableArn) {
        try {
            dynamoDb.untagResource(r -> r.resourceArn(tableArn).tagKeys(KEY));
        } catch (DynamoDbException e) {
            if (!TableSchemaReader.taggingUnsupported(e)) {
                throw new RestoreException("Every item was written and the settings applied, but the tag " + KEY
                        + " could not be removed from " + tableArn + " (" + Failures.message(e) + "): remove it, or rerun "
                        + "the restore with --overwrite", e);
            }
        }
    }

    /** What an interrupted restore was restoring into the table, if it carries the mark. */
    Optional<String> of(String tableArn) {
        return Optional.ofNullable(new TableSchemaReader(dynamoDb).tags(tableArn).get(KEY));
    }
}
