package io.strata.run;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verify-request and restore-request routes under camel-test-main (the routes' own YAML files,
 * the {@code recoveries} bean over DynamoDB Local and S3Mock): what every way in — CLI, request
 * files, JMX — gets back.
 */
class RecoveryRoutesIT extends CamelMainTestSupport {

    private static StrataSettings settings;
    private static AwsClients clients;
    private static Vault vault;
    private static ServiceRegistry services;
    private static RecoveryPoint point;
    private static String table;

    @BeforeAll
    static void backup() throws Exception {
        settings = TestAws.settings(TestAws.unique("vault"));
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());
        table = TestAws.unique("routed");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 30).mapToObj(i -> Tables.simple("r", i, "v")).toList());
        point = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/verify-request.camel.yaml,file:routes/restore-request.camel.yaml");
        configuration.setAutowiredEnabled(false);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("recoveries", new Recoveries(services, vault));
    }

    @Test
    void verifyRequestAnswersWithTheServicesReport() {
        NotifyBuilder done = new NotifyBuilder(context).from("direct:verify-request").whenCompleted(1).create();

        VerificationReport report = template.requestBody("direct:verify-request", "s3://" + vault.bucket() + "/"
                + point.key(), VerificationReport.class);

        assertTrue(done.matches(10, TimeUnit.SECONDS));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(30, report.items());
    }

    @Test
    void restoreRequestRestoresAndItsFailureReachesTheCallerAsTheServiceSaidIt() {
        String target = table + "-via-route";

        String restored = template.requestBody("direct:restore-request",
                new Recoveries.RestoreOrder(point.key(), new RestoreRequest(target, Map.of())), String.class);
        CamelExecutionException again = assertThrows(CamelExecutionException.class, () -> template.requestBody(
                "direct:restore-request", new Recoveries.RestoreOrder(point.key(), new RestoreRequest(target, Map.of()))));

        assertTrue(restored.startsWith("Restored 30 items into " + target), restored);
        assertEquals(30, Tables.scanAll(clients.dynamoDb(), target).size());
        assertTrue(again.getCause().getMessage().contains("already exists and holds items"), again.getCause().getMessage());
    }
}
