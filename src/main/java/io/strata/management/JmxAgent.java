package io.strata.management;

import io.strata.hold.HoldRequests;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.Recoveries.RestoreOrder;
import io.strata.run.RunReport;
import io.strata.service.ServiceRegistry;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a running runtime offers over JMX ({@code io.strata:type=Strata}): the MBean, the last run of
 * each plan it is told of, and the two worker threads its long operations run on. Registered on
 * {@link #register()}, gone on {@link #close()}. Holds go through {@code holds} (the runtime's hold routes).
 */
public final class JmxAgent implements AutoCloseable {

    private final LastRuns lastRuns = new LastRuns();
    private final ManagedTasks tasks = new ManagedTasks(2);
    private final StrataManagement management;
    private JmxRegistration registration;

    /** The operations go through the runtime's routes: {@code runner}, {@code verifier}, {@code restorer}. */
    public JmxAgent(Function<BackupRequest, RunReport> runner, Function<String, VerificationReport> verifier,
                    Function<RestoreOrder, String> restorer, HoldRequests holds, PlanCatalog plans,
                    Function<String, ResourceSelector> selectors, ServiceRegistry services, Vault vault, Clock clock) {
        management = new StrataManagement(runner, verifier, restorer, plans, selectors, services, vault, clock, lastRuns,
                tasks).withHolds(holds);
    }

    /** Told of every run report (the last-run attributes). */
    public LastRuns lastRuns() {
        return lastRuns;
    }

    public void register() {
        registration = JmxRegistration.register(management);
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
        tasks.close();
    }
}
