package io.strata.monitor;

import static io.strata.monitor.BackupMetricsTest.assertValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.StopSignal;
import io.strata.support.LoopbackWebhook;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * The daemon's monitoring as a user's Prometheus and load balancer see it: {@code /observe/metrics} and
 * {@code /observe/health} scraped over HTTP on loopback, after a backup run and a verify pass, after a restart over the same
 * vault (the values come back from the vault, the status from the verification records), and with the vault bucket gone or Quartz in standby.
 */
class MonitoringIT {

    private static final String PLAN = "nightly";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String table = TestAws.unique("monitored");
    private AwsClients clients;
    private StrataRuntime runtime;
    private LoopbackWebhook webhook;
    private Properties properties;
    private StrataSettings settings;
    private Vault vault;
    private int port;

    private void open(String... extra) throws Exception {
        webhook = new LoopbackWebhook();
        port = freePort();
        properties = TestAws.properties(TestAws.unique("monitored-vault"), "strata.http.port", String.valueOf(port),
                "strata.plan." + PLAN + ".cron", "0 0 3 1 1 ?", "strata.plan." + PLAN + ".resources", "dynamodb:" + table,
                "strata.notify.webhook-url", webhook.url().toString(), "strata.notify.on", "always");
        for (int i = 0; i < extra.length; i += 2) {
            properties.setProperty(extra[i], extra[i + 1]);
        }
        settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("k", 1, "a"), Tables.simple("k", 2, "b"),
                Tables.simple("k", 3, "c")));
        runtime = daemon();
    }

    /** As {@code strata run} starts it: monitoring served, the plan scheduled, the schedules let fire. */
    private StrataRuntime daemon() throws Exception {
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        StrataRuntime started = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault,
                Clock.systemUTC(), new StopSignal()).runtime().serveMonitoring().start();
        started.schedulePlans(plans.plans());
        started.startSchedules();
        return started;
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void metricsAfterARunAndAfterARestartOverTheSameVault() throws Exception {
        open();
        webhook.answer(500); // down: counted, and the backup stands

        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, PLAN,
                List.of(Services.selectors().parse("dynamodb:" + table)), Instant.now()));

        assertTrue(report.success(), report.summary());
        String series = "{plan=\"" + PLAN + "\",resource=\"dynamodb:" + table + "\",service=\"dynamodb\"}";
        String scrape = get("/observe/metrics").body();
        assertValue(scrape, "strata_backup_attempt_total" + series, 1);
        assertValue(scrape, "strata_backup_success_total" + series, 1);
        assertValue(scrape, "strata_backup_failure_total" + series, 0);
        assertValue(scrape, "strata_backup_items" + series, 3);
        assertValue(scrape, "strata_notification_failure_total", 1);
        double lastSuccess = value(scrape, "strata_backup_last_success_timestamp_seconds" + series);
        assertEquals(report.finishedAt().getEpochSecond(), lastSuccess, 1.0);
        assertTrue(scrape.contains("camel_exchanges_total{"), "Camel's own route metrics beside Strata's:\n" + scrape);
        VerifyReport verified = runtime.context().createProducerTemplate().requestBody("direct:verify", null,
                VerifyReport.class);
        assertTrue(verified.ok(), verified.summary());
        assertValue(get("/observe/metrics").body(), "strata_resource_status" + series, 0);

        runtime.close();
        runtime = daemon();

        String restarted = get("/observe/metrics").body();
        assertValue(restarted, "strata_backup_attempt_total" + series, 1);
        assertValue(restarted, "strata_backup_success_total" + series, 1);
        assertValue(restarted, "strata_backup_items" + series, 3);
        assertEquals(lastSuccess, value(restarted, "strata_backup_last_success_timestamp_seconds" + series), 1.0,
                "a restarted daemon knows the last success from the vault");
        assertTrue(value(restarted, "strata_vault_bytes{storage_class=\"STANDARD\"}") > 0, restarted);
        assertValue(restarted, "strata_resource_status" + series, 0);
    }

    @Test
    void healthIsDownWhileQuartzIsInStandbyAndWhenTheVaultBucketIsGone() throws Exception {
        open();
        HttpResponse<String> healthy = get("/observe/health");
        assertEquals(200, healthy.statusCode(), healthy.body());
        assertTrue(healthy.body().contains("strata-schedules"), healthy.body());

        Scheduler quartz = runtime.context().getComponent("quartz", QuartzComponent.class).getScheduler();
        quartz.standby();
        HttpResponse<String> standby = get("/observe/health");
        assertEquals(503, standby.statusCode(), standby.body());
        assertTrue(standby.body().contains("standby"), standby.body());

        quartz.start();
        assertEquals(200, get("/observe/health").statusCode());

        clients.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())).contents()
                .forEach(object -> clients.s3().deleteObject(r -> r.bucket(vault.bucket()).key(object.key())));
        clients.s3().deleteBucket(r -> r.bucket(vault.bucket()));
        HttpResponse<String> gone = get("/observe/health");
        assertEquals(503, gone.statusCode(), gone.body());
        assertTrue(gone.body().contains(vault.bucket()), gone.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + scrape));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
