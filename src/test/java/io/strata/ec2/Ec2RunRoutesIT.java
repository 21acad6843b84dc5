package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.ServiceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;

/**
 * {@code ec2:} selectors through the YAML routes end to end: run-request → split → direct:backup-ec2,
 * with tag discovery through camel-aws2-ec2 (direct:ec2-describe-instances) on the shared client.
 */
class Ec2RunRoutesIT {

    @Test
    void tagAndInstanceSelectorsRunThroughTheRoutes() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String first = f.instance(1);
            String second = f.instance(2);
            String untagged = f.world.instance(Ec2Fixture.HOME, Map.of("Name", "other"), null, 0);
            PlanCatalog plans = PlanCatalog.from(f.settings.properties(), Services.selectors()::parse);
            ServiceRegistry services = Services.registry(f.clients, f.vault, f.settings, Clock.systemUTC(),
                    new io.strata.service.StopSignal());
            try (StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), f.settings, plans, services,
                    f.vault, Clock.systemUTC(), new StopSignal()).runtime().start()) {
                RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, "dr", List.of(
                        Services.selectors().parse("ec2:tag/Backup=nightly"),
                        Services.selectors().parse("ec2:instance/i-0123456789abcdef0")), Instant.now()));

                Map<String, ResourceOutcome> outcomes = report.outcomes().stream()
                        .collect(Collectors.toMap(ResourceOutcome::resource, o -> o));
                assertEquals(3, outcomes.size(), report.summary());
                assertTrue(outcomes.get("ec2:instance/" + first).success(), report.summary());
                assertTrue(outcomes.get("ec2:instance/" + second).success(), report.summary());
                ResourceOutcome unknown = outcomes.get("ec2:instance/i-0123456789abcdef0");
                assertFalse(unknown.success());
                assertTrue(unknown.error().contains("InvalidInstanceID.NotFound: The instance ID 'i-0123456789abcdef0' "
                        + "does not exist"), unknown.error());
                assertFalse(outcomes.containsKey("ec2:instance/" + untagged));
                long described = runtime.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                        .getManagedRoute("ec2-describe-instances").getExchangesTotal();
                assertTrue(described >= 2, "tag discovery and instance lookups went through camel-aws2-ec2: " + described);

                var points = f.vault.list(p -> services.matches(p, ResourceSelector.parse("ec2:tag/Backup=nightly")))
                        .points();
                assertEquals(2, points.size());
                assertTrue(points.stream().allMatch(p -> Ec2Details.of(p).snapshots().containsKey(Ec2Fixture.DR)
                        && Ec2Details.of(p).images().containsKey(Ec2Fixture.DR)));
                assertTrue(services.matches(points.get(0), ResourceSelector.parse(
                        "ec2:" + points.get(0).resourceId())));
                assertFalse(services.matches(points.get(0), ResourceSelector.parse("ec2:tag/Backup=weekly")));

                // The outcome line says what was made, not "N items, N bytes".
                var made = f.vault.list(p -> p.resourceId().equals("instance/" + first)).points().get(0);
                Ec2Details details = Ec2Details.of(made);
                String line = report.summary().lines().filter(l -> l.contains("ec2:instance/" + first)).findFirst()
                        .orElseThrow();
                assertTrue(line.contains("snapshots " + String.join(", ", details.snapshots().get(Ec2Fixture.HOME).values())
                        + " of 2 volumes (108 GiB allocated), AMI " + details.images().get(Ec2Fixture.HOME) + " in "
                        + Ec2Fixture.HOME + "; copied to " + Ec2Fixture.DR + ": snapshots "
                        + String.join(", ", details.snapshots().get(Ec2Fixture.DR).values()) + ", AMI "
                        + details.images().get(Ec2Fixture.DR)), line);
                assertFalse(line.contains(" items"), line);
            }
        }
    }
}
