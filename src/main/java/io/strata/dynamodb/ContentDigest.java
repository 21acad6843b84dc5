package io.strata.dynamodb;

import java.math.BigInteger;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A digest of a table's content that does not depend on the order items are read in (a parallel Scan
 * returns them in any order, an export in the order its segments were scanned): the sum, modulo 2^256, of
 * each item's SHA-256 over {@link TableComparison#digest}'s canonical form (map keys and sets sorted,
 * numbers as DynamoDB compares them). A sum rather than an XOR: two equal items do not cancel out.
 * Items may be added from several threads.
 */
final class ContentDigest {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private BigInteger sum = BigInteger.ZERO;
    private long items;

    void add(Map<String, AttributeValue> item) {
        BigInteger digest = new BigInteger(TableComparison.digest(item), 16);
        synchronized (this) {
            sum = sum.add(digest).mod(MODULUS);
            items++;
        }
    }

    synchronized long items() {
        return items;
    }

    /** 64 hex digits. */
    synchronized String hex() {
        return String.format("%064x", sum);
    }
}
