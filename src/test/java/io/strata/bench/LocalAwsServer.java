package io.strata.bench;

import io.strata.local.LocalAws;
import io.strata.local.LocalService;

/**
 * One embedded service in a JVM of its own, so that the benchmark measures Strata's memory and
 * each emulator's CPU apart. Prints its endpoint ({@code DYNAMODB=…} or {@code S3=…}), then lives
 * until its parent process ends (or 3 hours). Usage: LocalAwsServer dynamodb|s3 PARENT_PID
 */
public final class LocalAwsServer {

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("dynamodb") || args[0].equals("s3"))) {
            System.err.println("usage: LocalAwsServer dynamodb|s3 PARENT_PID");
            System.exit(2);
        }
        boolean dynamoDb = args[0].equals("dynamodb");
        long parent = Long.parseLong(args[1]);
        try (LocalService service = dynamoDb ? LocalAws.startDynamoDb() : LocalAws.startS3()) {
            System.out.println((dynamoDb ? "DYNAMODB=" : "S3=") + service.endpoint());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 3 * 3600_000L;
            while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(1000);
            }
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind
    }
}
