package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon per inbox, with liveness: a live holder in another JVM is named when a second one is refused,
 * and a holder killed with -9 leaves no stale lock (the OS lock dies with its process).
 */
class InboxLockTest {

    @TempDir
    Path inbox;

    /** Run in a child JVM: takes the lock, says so, and holds it until killed. */
    public static void main(String[] args) throws Exception {
        InboxLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    @Test
    void aLiveHolderIsNamedAndAHolderKilledWithMinus9LeavesNoStaleLock() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InboxLockTest.class.getName(), inbox.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", output.readLine(), "the child took the lock");

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> InboxLock.acquire(inbox));
            assertTrue(refused.getMessage().contains("is already served by another Strata daemon (pid " + holder.pid() + " on "),
                    refused.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder died");
        }

        try (InboxLock taken = InboxLock.acquire(inbox)) {
            assertTrue(Files.readString(inbox.resolve(InboxLock.FILE)).startsWith("pid " + ProcessHandle.current().pid() + " on "),
                    "the lock file names its new holder");
        }
        try (InboxLock again = InboxLock.acquire(inbox)) {
            assertTrue(Files.exists(inbox.resolve(InboxLock.FILE)), "released by close, taken again");
        }
    }

    @Test
    void aLinkPlantedUnderTheLocksNameIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(inbox.resolveSibling(inbox.getFileName() + "-target"), "untouched");
        Files.createSymbolicLink(inbox.resolve(InboxLock.FILE), elsewhere);

        assertThrows(java.io.UncheckedIOException.class, () -> InboxLock.acquire(inbox));
        assertEquals("untouched", Files.readString(elsewhere));
    }
}
