package io.strata.support;

import io.strata.vault.RecoveryPointKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Failures injected into S3 calls, shared by the crash and concurrency tests. */
public final class Faults {

    private Faults() {
    }

    /** Stops the work dead, as kill -9 would (no catch block, no cleanup of its own), just before the commit. */
    public static final class CrashBeforeCommit implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith(RecoveryPointKey.DESCRIPTOR)) {
                throw new Crash();
            }
        }
    }

    /**
     * The CopyObject into {@code bucket} of the key ending with {@code keySuffix} fails (a connection
     * reset, as the SDK reports it) while {@link #armed} is set; the other copies go through.
     */
    public static final class FailCopyInto implements ExecutionInterceptor {
        private final String bucket;
        private final String keySuffix;
        public volatile boolean armed = true;

        public FailCopyInto(String bucket, String keySuffix) {
            this.bucket = bucket;
            this.keySuffix = keySuffix;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (armed && context.request() instanceof CopyObjectRequest copy && copy.destinationBucket().equals(bucket)
                    && copy.destinationKey().endsWith(keySuffix)) {
                throw SdkClientException.create("injected: connection reset while copying " + copy.destinationKey());
            }
        }
    }

    /** An Error, so that the export's catch blocks, which handle exceptions, do not clean up. */
    public static final class Crash extends Error {
    }

    /** Waits for a test latch; a latch that never opens fails the test instead of hanging it. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
