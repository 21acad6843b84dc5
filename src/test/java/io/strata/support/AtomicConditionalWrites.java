package io.strata.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * S3 applies a conditional PutObject ({@code If-None-Match: *}, {@code If-Match}) atomically: of
 * two concurrent writes of one key under a condition, one succeeds and the other gets 412
 * Precondition Failed or 409 ConditionalRequestConflict (User Guide, "How to prevent object
 * overwrites with conditional writes"). S3Mock 5.2.0 honours both headers but checks and then writes
 * without a lock, so two writers started together can both pass the check. This interceptor holds a
 * lock per bucket and key, within this JVM, from the start of a conditional PutObject's execution
 * to its end (the synchronous client runs both on the caller's thread), and changes nothing else:
 * unconditional writes and every other request pass untouched. Its clients must share one JVM.
 */
public final class AtomicConditionalWrites implements ExecutionInterceptor {

    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final ExecutionAttribute<ReentrantLock> HELD = new ExecutionAttribute<>("AtomicConditionalWrites");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutObjectRequest put && (put.ifNoneMatch() != null || put.ifMatch() != null)) {
            ReentrantLock lock = LOCKS.computeIfAbsent(put.bucket() + "/" + put.key(), k -> new ReentrantLock());
            lock.lock();
            attributes.putAttribute(HELD, lock);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private static void release(ExecutionAttributes attributes) {
        ReentrantLock lock = attributes.getAttribute(HELD);
        if (lock != null && lock.isHeldByCurrentThread()) {
            attributes.putAttribute(HELD, null);
            lock.unlock();
        }
    }
}
