package io.strata;

import io.strata.service.StopSignal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes the exit code agree with what the command printed, also after SIGTERM. Without it the JVM
 * exits 143 as soon as its shutdown hooks end, even when the backup it was running completed and
 * printed OK. On a signal the hook asks the work to stop (it fails cleanly, nothing committed), waits
 * for the command to return, and exits with the command's own code.
 */
final class GracefulExit {

    private final CountDownLatch returned = new CountDownLatch(1);
    private volatile int code;
    private volatile boolean exiting;

    static GracefulExit install(StopSignal stop, Duration grace) {
        GracefulExit exit = new GracefulExit();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exit.onSignal(stop, grace), "strata-stop"));
        return exit;
    }

    private void onSignal(StopSignal stop, Duration grace) {
        if (exiting) {
            return; // the command returned and called exit(): nothing to wait for
        }
        System.err.println("strata: stopping (signal received); work in progress is stopped cleanly");
        stop.request();
        try {
            if (returned.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process with the command's code (DynamoDB Local leaves a non-daemon thread behind). */
    void exit(int commandCode) {
        code = commandCode;
        exiting = true;
        returned.countDown();
        System.exit(commandCode);
    }
}
