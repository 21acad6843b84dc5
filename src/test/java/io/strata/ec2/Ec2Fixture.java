package io.strata.ec2;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.TestAws;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.Vault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A fake EC2 world served over loopback HTTP, the S3Mock vault, and an Ec2Service over them with
 * fast polling: the real SDK clients {@link AwsClients} builds reach the world through
 * {@code strata.aws.endpoint.ec2}, as they would reach LocalStack.
 */
final class Ec2Fixture implements AutoCloseable {

    static final String HOME = "us-east-1";
    static final String DR = "eu-west-1";
    static final String USER_DATA = Base64.getEncoder().encodeToString("#!/bin/sh\necho hello\n".getBytes());

    final FakeEc2 world = new FakeEc2();
    final StrataSettings settings;
    final AwsClients clients;
    final Vault vault;
    final Ec2Service service;

    Ec2Fixture(String... extra) {
        List<String> all = new ArrayList<>(List.of("strata.ec2.poll-interval-ms", "5", "strata.ec2.retry-base-ms", "5",
                "strata.aws.retry.max-backoff", "10ms",
                "strata.plan.dr.copy-to-region", DR, "strata.plan.dr.cron", "0 0 2 * * ?",
                "strata.plan.dr.resources", "ec2:tag/Backup=nightly"));
        all.addAll(List.of("strata.aws.endpoint.ec2", world.serve().toString()));
        all.addAll(List.of(extra));
        settings = TestAws.settings(TestAws.unique("ec2-vault"), all.toArray(String[]::new));
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        service = new Ec2Service(clients::ec2, clients.region(), vault, Ec2Settings.from(settings.properties()),
                Clock.systemUTC());
    }

    /** Another service over the same world and vault: its own clock, lease timing and stop signal. */
    Ec2Service service(Clock clock, AttemptTiming timing, StopSignal stop) {
        return new Ec2Service(clients::ec2, clients.region(), vault, Ec2Settings.from(settings.properties()), clock, timing,
                stop);
    }

    /** An instance with a root volume and {@code dataVolumes} more, tagged Name=web and Backup=nightly. */
    String instance(int dataVolumes) {
        return world.instance(HOME, Map.of("Name", "web", "Backup", "nightly", "aws:cloudformation:stack-name", "s"),
                USER_DATA, dataVolumes);
    }

    @Override
    public void close() {
        clients.close();
        world.close();
    }
}
