package io.strata.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 requests of a phase by operation, with their summed client-side latency (from the
 * SDK's start of the call to its end, retries included): where a phase's time goes, listing pages
 * or descriptor GETs. Read-only: it changes no request.
 */
final class RequestCounter implements ExecutionInterceptor {

    /** One operation's requests in a phase. */
    record Calls(long count, double seconds) {
        double meanMillis() {
            return count == 0 ? 0 : seconds * 1000 / count;
        }
    }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench-started");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Long started = attributes.getAttribute(STARTED);
        counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
        nanos.computeIfAbsent(operation, k -> new LongAdder()).add(started == null ? 0 : System.nanoTime() - started);
    }

    /** The requests since the last call, by operation; starts counting afresh. */
    synchronized Map<String, Calls> take() {
        Map<String, Calls> taken = new TreeMap<>();
        counts.forEach((operation, count) -> {
            long n = count.sumThenReset();
            long ns = nanos.get(operation).sumThenReset();
            if (n > 0) {
                taken.put(operation, new Calls(n, ns / 1e9));
            }
        });
        return taken;
    }

    /** {@code S3.ListObjectsV2 40 (12.0 ms each), S3.GetObject 10,000 (4.1 ms each)}. */
    static String format(Map<String, Calls> calls) {
        StringBuilder text = new StringBuilder();
        calls.forEach((operation, c) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%s %,d (%.1f ms each)", operation, c.count(), c.meanMillis())));
        return text.length() == 0 ? "none" : text.toString();
    }
}
