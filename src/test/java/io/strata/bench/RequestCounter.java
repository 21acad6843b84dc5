package io.strata.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
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
 * or descriptor GETs. Read-only: it changes no request. A GetObject's call ends when its headers are
 * in, before its body is read: the time to the body's end (the stream closed) is counted apart, and
 * it is what a reader holds a connection for.
 */
final class RequestCounter implements ExecutionInterceptor {

    /** One operation's requests in a phase. */
    record Calls(long count, double seconds, long bodies, double bodySeconds) {
        double meanMillis() {
            return count == 0 ? 0 : seconds * 1000 / count;
        }

        /** From the start of each call to the end of its body (to the call's end where no body was read to its end). */
        double busySeconds() {
            return bodies == count ? bodySeconds : seconds;
        }
    }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench-started");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bodyCounts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bodyNanos = new ConcurrentHashMap<>();

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

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        String operation = operation(attributes);
        Long started = attributes.getAttribute(STARTED);
        if (body.isEmpty() || started == null) {
            return body;
        }
        return Optional.of(new FilterInputStream(body.get()) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!closed) {
                        closed = true;
                        bodyCounts.computeIfAbsent(operation, k -> new LongAdder()).increment();
                        bodyNanos.computeIfAbsent(operation, k -> new LongAdder()).add(System.nanoTime() - started);
                    }
                }
            }
        });
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    private void record(ExecutionAttributes attributes) {
        String operation = operation(attributes);
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
            LongAdder b = bodyCounts.get(operation);
            long bodies = b == null ? 0 : b.sumThenReset();
            long bodyNs = b == null ? 0 : bodyNanos.get(operation).sumThenReset();
            if (n > 0) {
                taken.put(operation, new Calls(n, ns / 1e9, bodies, bodyNs / 1e9));
            }
        });
        return taken;
    }

    /** {@code S3.ListObjectsV2 40 (12.0 ms each), S3.GetObject 10,000 (4.1 ms each, 4.3 ms to the body's end)}. */
    static String format(Map<String, Calls> calls) {
        StringBuilder text = new StringBuilder();
        calls.forEach((operation, c) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%s %,d (%.1f ms each", operation, c.count(), c.meanMillis()))
                .append(c.bodies() == c.count() && c.busySeconds() > c.seconds() * 1.05
                        ? String.format(", %.1f ms to the body's end)", c.bodySeconds() * 1000 / c.bodies()) : ")"));
        return text.length() == 0 ? "none" : text.toString();
    }
}
