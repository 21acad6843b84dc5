package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.support.DynamoDbProxy.Call;
import io.strata.support.DynamoDbProxy.Reply;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What real DynamoDB does to BatchWriteItem under load and DynamoDB Local never does, injected by
 * {@link DynamoDbProxy} as the API reference documents it, so that the SDK's own retry loop and the
 * caller's both run:
 * <ul>
 *   <li>every n-th call is throttled: HTTP 400 {@code ProvisionedThroughputExceededException},
 *       nothing written (the SDK retries these itself before the caller sees them);</li>
 *   <li>the others write only part of each table's batch and return the rest as
 *       {@code UnprocessedItems} (HTTP 200); a partial write always writes at least one item, as
 *       DynamoDB's does, unless {@code dropFraction} is 1 (nothing is ever written);</li>
 *   <li>a delay before each call is answered (a slow table), so that a restore lasts long enough to
 *       be killed midway.</li>
 * </ul>
 * Off until {@link #inject} is called; {@link #calls()} counts the BatchWriteItem calls received.
 */
public final class DynamoDbWriteFaults {

    private final DynamoDbProxy proxy;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int throttleEvery;
    private volatile double dropFraction;
    private volatile long delayMillis;

    DynamoDbWriteFaults(DynamoDbProxy proxy) {
        this.proxy = proxy;
    }

    /**
     * @param throttleEvery every n-th BatchWriteItem call is throttled (0 = never)
     * @param dropFraction  share of each other batch left unprocessed (0 = none, 1.0 = all)
     * @param delayMillis   wait before answering each BatchWriteItem call
     */
    public DynamoDbWriteFaults inject(int throttleEvery, double dropFraction, long delayMillis) {
        this.throttleEvery = throttleEvery;
        this.dropFraction = dropFraction;
        this.delayMillis = delayMillis;
        return this;
    }

    public DynamoDbWriteFaults off() {
        return inject(0, 0, 0);
    }

    public int calls() {
        return calls.get();
    }

    Reply batchWrite(Call call) {
        int number = calls.incrementAndGet();
        pause();
        if (throttleEvery > 0 && number % throttleEvery == 0) {
            return Reply.error(400, "ProvisionedThroughputExceededException", "injected throttling: the level of "
                    + "configured provisioned throughput for the table was exceeded");
        }
        if (dropFraction <= 0) {
            return proxy.forward(call);
        }
        ObjectNode sent = (ObjectNode) call.tree();
        ObjectNode kept = sent.deepCopy();
        ObjectNode unprocessed = DynamoDbProxy.JSON.createObjectNode();
        ObjectNode keptItems = (ObjectNode) kept.path("RequestItems");
        for (Iterator<Map.Entry<String, JsonNode>> tables = sent.path("RequestItems").fields(); tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            int all = table.getValue().size();
            int keep = dropFraction >= 1.0 ? 0 : Math.max(1, all - (int) Math.ceil(all * dropFraction));
            ArrayNode written = keptItems.putArray(table.getKey());
            ArrayNode left = unprocessed.putArray(table.getKey());
            for (int i = 0; i < all; i++) {
                (i < keep ? written : left).add(table.getValue().get(i));
            }
            if (keep == 0) {
                keptItems.remove(table.getKey());
            }
            if (left.isEmpty()) {
                unprocessed.remove(table.getKey());
            }
        }
        ObjectNode answer = DynamoDbProxy.JSON.createObjectNode();
        if (!keptItems.isEmpty()) {
            Reply reply = proxy.forward(call.with("BatchWriteItem", kept));
            if (!reply.ok()) {
                return reply;
            }
            answer = (ObjectNode) reply.tree();
            // What DynamoDB Local left unprocessed (never anything, but keep it honest) joins ours.
            answer.path("UnprocessedItems").fields().forEachRemaining(e -> e.getValue().forEach(
                    item -> (unprocessed.has(e.getKey()) ? (ArrayNode) unprocessed.get(e.getKey())
                            : unprocessed.putArray(e.getKey())).add(item)));
        }
        answer.set("UnprocessedItems", unprocessed);
        return Reply.json(200, answer);
    }

    private void pause() {
        if (delayMillis <= 0) {
            return;
        }
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
