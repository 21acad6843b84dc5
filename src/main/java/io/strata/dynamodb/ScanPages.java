package io.strata.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Paging of a (segment of a) Scan that is driven by hand, for per-page work the paginators hide. */
public final class ScanPages {

    private ScanPages() {
    }

    /** The ExclusiveStartKey of the next page, or null after the last page. */
    public static Map<String, AttributeValue> next(ScanResponse page) {
        return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    }
}
