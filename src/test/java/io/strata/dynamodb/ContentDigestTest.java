package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The restore test's digest: equal for the same items in any order and spelling DynamoDB treats alike, else not. */
class ContentDigestTest {

    private static final Map<String, AttributeValue> A = Map.of("pk", AttributeValue.fromS("a"),
            "price", AttributeValue.fromN("1.50"), "tags", AttributeValue.fromSs(List.of("x", "y")));
    private static final Map<String, AttributeValue> A_AS_STORED = Map.of("pk", AttributeValue.fromS("a"),
            "price", AttributeValue.fromN("1.5"), "tags", AttributeValue.fromSs(List.of("y", "x")));
    private static final Map<String, AttributeValue> B = Map.of("pk", AttributeValue.fromS("b"));

    private static String digest(List<Map<String, AttributeValue>> items) {
        ContentDigest digest = new ContentDigest();
        items.forEach(digest::add);
        return digest.hex();
    }

    @Test
    void theOrderOfItemsAndTheSpellingOfNumbersAndSetsDoNotMatter() {
        assertEquals(digest(List.of(A, B)), digest(List.of(B, A_AS_STORED)));
        assertEquals(64, digest(List.of(A)).length());
    }

    @Test
    void aChangedMissingOrRepeatedItemChangesTheDigest() {
        assertNotEquals(digest(List.of(A, B)), digest(List.of(A, Map.of("pk", AttributeValue.fromS("c")))));
        assertNotEquals(digest(List.of(A, B)), digest(List.of(A)));
        assertNotEquals(digest(List.of(A, B)), digest(List.of(A, B, B)));
        assertNotEquals(digest(List.of(A, A)), digest(List.of()), "two equal items do not cancel out");
    }
}
