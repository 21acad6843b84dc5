package io.strata.dynamodb;

import io.strata.config.Setting;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of DynamoDB's server-side operations this Strata process has in flight at once, each from its
 * start until it completes or fails ({@code strata.dynamodb.max-concurrent-*}, declared and read here).
 * AWS allows 300 exports and 50 restores and imports together per account and region and answers more
 * with LimitExceededException; a cap below that leaves room for others in the account, and a run of many
 * tables waits for a slot instead of failing its tail. A wait is logged, never silent.
 */
public final class NativeSlots {

    private static final Logger LOG = LoggerFactory.getLogger(NativeSlots.class);

    static final Setting MAX_EXPORTS = Setting.whole("strata.dynamodb.max-concurrent-exports", 300, 1, 300,
            "Native exports (ExportTableToPointInTime) this process has in flight at once; AWS allows 300");
    static final Setting MAX_RESTORES = Setting.whole("strata.dynamodb.max-concurrent-restores", 50, 1, 50,
            "Restores from a backup or a point in time this process has in flight at once; AWS allows 50 with imports");
    static final Setting MAX_IMPORTS = Setting.whole("strata.dynamodb.max-concurrent-imports", 50, 1, 50,
            "Restores with --import (ImportTable) this process has in flight at once; AWS allows 50 with restores");

    static final List<Setting> SETTINGS = List.of(MAX_EXPORTS, MAX_RESTORES, MAX_IMPORTS);

    private final Slot exports;
    private final Slot restores;
    private final Slot imports;

    NativeSlots(int exports, int restores, int imports) {
        this.exports = new Slot(MAX_EXPORTS.key(), exports);
        this.restores = new Slot(MAX_RESTORES.key(), restores);
        this.imports = new Slot(MAX_IMPORTS.key(), imports);
    }

    static NativeSlots from(Properties p) {
        return new NativeSlots(MAX_EXPORTS.integer(p), MAX_RESTORES.integer(p), MAX_IMPORTS.integer(p));
    }

    static NativeSlots defaults() {
        return from(new Properties());
    }

    <T> T export(String what, Supplier<T> work) {
        return exports.run(what, work);
    }

    <T> T restore(String what, Supplier<T> work) {
        return restores.run(what, work);
    }

    <T> T importTable(String what, Supplier<T> work) {
        return imports.run(what, work);
    }

    /** Operations in flight now (export, restore, import): for tests and the log. */
    int[] inFlight() {
        return new int[] {exports.inFlight(), restores.inFlight(), imports.inFlight()};
    }

    private static final class Slot {

        private final String key;
        private final int cap;
        private final Semaphore permits;

        Slot(String key, int cap) {
            this.key = key;
            this.cap = cap;
            this.permits = new Semaphore(cap, true);
        }

        int inFlight() {
            return cap - permits.availablePermits();
        }

        <T> T run(String what, Supplier<T> work) {
            if (!permits.tryAcquire()) {
                LOG.info("{} waits: {} already in flight ({} = {})", what, cap, key, cap);
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(what + " was interrupted while waiting for a slot (" + key + ")", e);
                }
            }
            try {
                return work.get();
            } finally {
                permits.release();
            }
        }
    }
}
