package io.strata.app;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSelectors;
import io.strata.dynamodb.DynamoDbService;
import io.strata.dynamodb.TableExporter;
import io.strata.rds.RdsSelectors;
import io.strata.rds.RdsService;
import io.strata.rds.RdsSettings;
import io.strata.camel.CamelInstanceDirectory;
import io.strata.ec2.Ec2Selectors;
import io.strata.ec2.Ec2Service;
import io.strata.ec2.Ec2Settings;
import io.strata.ec2.SdkInstanceDirectory;
import io.strata.service.Selectors;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * The registry entries: the one place that names the services Strata backs up. Adding a service
 * is a package, a route file {@code routes/backup-<service>.camel.yaml} and a line in each method.
 */
public final class Services {

    private Services() {
    }

    /** Every service's selector syntax, for parsing before any AWS call. */
    public static Selectors selectors() {
        return new Selectors(List.of(new DynamoDbSelectors(), new RdsSelectors(), new Ec2Selectors()));
    }

    public static ServiceRegistry registry(AwsClients clients, Vault vault, StrataSettings settings, Clock clock,
                                           StopSignal stop) {
        TableExporter exporter = new TableExporter(clients.dynamoDb(), vault, settings.dynamodb(), clock,
                clients.region().id(), AttemptTiming.DEFAULT, stop::requested);
        return new ServiceRegistry(List.of(
                new DynamoDbService(clients.dynamoDb(), vault, settings.dynamodb(), exporter, stop::requested),
                new RdsService(clients::rds, clients.region(), vault, RdsSettings.from(settings.properties()), clock,
                        AttemptTiming.DEFAULT, stop),
                new Ec2Service(clients::ec2, clients.region(), vault, Ec2Settings.from(settings.properties()), clock,
                        AttemptTiming.DEFAULT, stop)));
    }

    /**
     * What the {@code backup-<service>} routes call, for the services present: each service by its name, the
     * DynamoDB export's steps ({@code dynamodbExport}), and the SDK clients the Camel components share with
     * the services ({@code #dynamoDbClient} for camel-aws2-ddb, {@code #ec2Client} for camel-aws2-ec2).
     */
    static Map<String, Object> routeBeans(ServiceRegistry services) {
        Map<String, Object> beans = new LinkedHashMap<>();
        services.all().forEach(service -> beans.put(service.name(), service));
        services.all().stream().filter(DynamoDbService.class::isInstance).map(DynamoDbService.class::cast).findFirst()
                .ifPresent(dynamoDb -> {
                    beans.put("dynamodbExport", dynamoDb.exporter());
                    beans.put("dynamoDbClient", dynamoDb.client());
                });
        ec2(services).ifPresent(ec2 -> beans.put("ec2Client", ec2.client()));
        return beans;
    }

    /** Once the routes run, EC2 discovery goes through camel-aws2-ec2 ({@code direct:ec2-describe-instances}). */
    public static void routesStarted(ServiceRegistry services, CamelContext context) {
        ec2(services).ifPresent(ec2 -> ec2.useDirectory(new CamelInstanceDirectory(context)));
    }

    /** Before the routes stop, discovery goes back to the SDK (for commands that run without routes). */
    public static void routesStopping(ServiceRegistry services) {
        ec2(services).ifPresent(ec2 -> ec2.useDirectory(new SdkInstanceDirectory(ec2.client())));
    }

    private static Optional<Ec2Service> ec2(ServiceRegistry services) {
        return services.all().stream().filter(Ec2Service.class::isInstance).map(Ec2Service.class::cast).findFirst();
    }
}
