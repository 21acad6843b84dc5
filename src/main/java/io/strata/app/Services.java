package io.strata.app;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.DynamoDbSelectors;
import io.strata.dynamodb.DynamoDbService;
import io.strata.dynamodb.TableExporter;
import io.strata.ec2.Ec2Selectors;
import io.strata.ec2.Ec2Service;
import io.strata.ec2.Ec2Settings;
import io.strata.rds.RdsSelectors;
import io.strata.rds.RdsService;
import io.strata.rds.RdsSettings;
import io.strata.service.Selectors;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptTiming;
import java.time.Clock;
import java.util.List;

/**
 * The registry entries: the one place that names the services Strata backs up. Adding a service
 * is a package, a route file {@code routes/backup-<service>.camel.yaml} and a line in each method
 * here (what its route calls is bound by {@link RouteBeans}). No Camel: commands that do not route use it.
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
}
