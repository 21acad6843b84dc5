package io.strata.bench;

import io.strata.local.LocalAws;

/**
 * The embedded services in their own JVM, so that the benchmark measures Strata's memory and not
 * the emulators'. Prints its endpoints, then lives until its parent process ends (or 3 hours).
 */
public final class LocalAwsServer {

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        try (LocalAws aws = LocalAws.start()) {
            System.out.println("DYNAMODB=" + aws.dynamoDbEndpoint());
            System.out.println("S3=" + aws.s3Endpoint());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 3 * 3600_000L;
            while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(1000);
            }
        }
        System.exit(0);
    }
}
