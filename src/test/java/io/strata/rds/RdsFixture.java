package io.strata.rds;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.FakeRds;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A fake RDS world of three regions served over loopback HTTP, a vault on the embedded S3 and an
 * RdsService over both, with fast polling: the real SDK clients {@link AwsClients} builds reach the
 * world through {@code strata.aws.endpoint.rds}.
 */
final class RdsFixture implements AutoCloseable {

    static final String HOME = "us-east-1";
    static final String WEST = "us-west-2";
    static final String EU = "eu-west-1";

    final FakeRds world = new FakeRds(HOME, WEST, EU);
    final Properties properties;
    final AwsClients clients;
    final Vault vault;
    final RdsService service;

    RdsFixture(String... extra) {
        List<String> all = new ArrayList<>(List.of("strata.rds.poll-interval", "5ms", "strata.rds.throttle-base", "5ms",
                "strata.aws.retry.max-backoff", "10ms",
                "strata.rds.snapshot-timeout", "20s", "strata.rds.restore-timeout", "20s", "strata.rds.export-timeout", "20s"));
        all.addAll(List.of("strata.aws.endpoint.rds", world.serve().toString()));
        all.addAll(List.of(extra));
        properties = TestAws.properties(TestAws.unique("rds-vault"), all.toArray(String[]::new));
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        world.exportsTo(clients.s3());
        service = new RdsService(clients::rds, clients.region(), vault, RdsSettings.from(properties), Clock.systemUTC());
    }

    RecoveryPointKey key(String resource) {
        return RecoveryPointKey.create(vault.prefix(), RdsService.NAME, HOME, resource, Instant.parse("2026-11-22T02:00:00Z"));
    }

    RecoveryPoint backup(String resource, String plan, RecoveryPointKey key) {
        return service.backups().backup(resource, plan, key);
    }

    static RdsDetails details(RecoveryPoint point) {
        return RdsDetails.of(point);
    }

    @Override
    public void close() {
        clients.close();
        world.close();
    }
}
