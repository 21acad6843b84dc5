package io.strata.management;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A JMX task ends OK or FAILED (README: status is RUNNING, OK or FAILED). ManagedTasks catches only
 * RuntimeException: a task ended by an Error (OutOfMemoryError during a restore, a NoClassDefFoundError,
 * a StackOverflowError) reports RUNNING forever.
 */
class HostileManagedTasksIT {

    @Test
    void aTaskEndedByAnErrorIsFailedNotRunningForever() throws Exception {
        try (ManagedTasks tasks = new ManagedTasks(1)) {
            tasks.submit("t1", "restore x to y", () -> {
                throw new OutOfMemoryError("Java heap space");
            });
            tasks.submit("t2", "marker", () -> new ManagedTasks.Result(true, "done"));
            long deadline = System.currentTimeMillis() + 5_000;
            while (!tasks.status("t2").startsWith("OK") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(tasks.status("t2").startsWith("OK"), "the pool went on: " + tasks.status("t2"));
            assertTrue(tasks.status("t1").startsWith("FAILED"), "status of a task that died: " + tasks.status("t1"));
        }
    }
}
