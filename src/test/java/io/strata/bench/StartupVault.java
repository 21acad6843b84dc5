package io.strata.bench;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSettings;
import io.strata.dynamodb.RawScanItems;
import io.strata.dynamodb.TableExporter;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The small vault {@code bench/run-startup} lists: a table of a few items on DynamoDB Local and
 * {@code POINTS} real exports of it in the bucket, each one committed as a scheduled run would. Four
 * exports at a time (each has its own key and lease): the seed is set-up, not what is measured, and on a
 * loaded machine one after another took a minute and a half of the benchmark's three.
 * Usage: StartupVault DYNAMODB_ENDPOINT S3_ENDPOINT BUCKET TABLE POINTS
 */
public final class StartupVault {

    private static final int ITEMS = 20;

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: StartupVault DYNAMODB_ENDPOINT S3_ENDPOINT BUCKET TABLE POINTS");
            System.exit(2);
        }
        Properties p = new Properties();
        p.setProperty("strata.local", "true"); // the embedded services' credentials
        p.setProperty("strata.aws.endpoint.dynamodb", args[0]);
        p.setProperty("strata.aws.endpoint.s3", args[1]);
        p.setProperty("strata.vault.bucket", args[2]);
        p.setProperty("strata.dynamodb.segments", "1");
        String table = args[3];
        int points = Integer.parseInt(args[4]);
        StrataSettings settings = StrataSettings.from(p);
        try (AwsClients clients = new AwsClients(settings, List.of(new RawScanItems()))) {
            Vault vault = Vault.from(clients.s3(), settings);
            vault.checkBucket(true);
            RawBaseline.createTable(clients.dynamoDb(), table);
            RawBaseline.write(clients.dynamoDb(), table, ITEMS, 1);
            TableExporter exporter = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                    clients.region().id());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> exports = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                exports.add(pool.submit(() -> exporter.export(table, "startup")));
            }
            for (Future<?> export : exports) {
                export.get(); // a failed export fails the seed
            }
            pool.shutdown();
        }
        System.exit(0); // the SDK's threads would keep the JVM alive
    }
}
