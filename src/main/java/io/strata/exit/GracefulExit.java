package io.strata.exit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes the exit code agree with what the command printed, also after SIGTERM. Without it the JVM
 * exits 143 as soon as its shutdown hooks end, even when the backup it was running completed and
 * printed OK. On a signal the hook asks the work to stop (it fails cleanly, nothing committed), waits
 * for the command to return, and exits with the command's own code.
 */
public final class GracefulExit {

    private final CountDownLatch returned = new CountDownLatch(1);
    private volatile int code;
    private volatile boolean exiting;

    /** @param stopWork asks the running work to stop (the command's stop signal); called once, on a signal */
    public static GracefulExit install(Runnable stopWork, Duration grace) {
        GracefulExit exit = new GracefulExit();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exit.onSignal(stopWork, grace), "strata-stop"));
        return exit;
    }

    private void onSignal(Runnable stopWork, Duration grace) {
        if (exiting) {
            return; // the command returned and called exit(): nothing to wait for
        }
        System.err.println("strata: stopping (signal received); work in progress is stopped cleanly");
        stopWork.run();
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
    public void exit(int commandCode) {
        code = commandCode;
        exiting = true;
        returned.countDown();
        System.exit(commandCode);
    }
}
