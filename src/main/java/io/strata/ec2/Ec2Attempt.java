package io.strata.ec2;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.attempt.AttemptLease;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * One recovery point of one instance between the steps of {@code backup-ec2}: its key and lease (taken
 * before anything is made), where it may make things, which attempt runs, and what that attempt made.
 * The route repeats the steps while it is {@link #running()}: a failed attempt is retried whole on the
 * same key, finding what it already made.
 */
public final class Ec2Attempt {

    private final RecoveryPointKey key;
    private final String plan;
    private final AttemptLease lease;
    private final List<String> regions;
    private final Instance first;
    private int number = 1;
    private Ec2Backup.Made made;
    private boolean running = true;

    Ec2Attempt(RecoveryPointKey key, String plan, AttemptLease lease, List<String> regions, Instance first) {
        this.key = key;
        this.plan = plan;
        this.lease = lease;
        this.regions = regions;
        this.first = first;
    }

    /** True until the recovery point is committed or its last attempt failed. */
    public boolean running() {
        return running;
    }

    RecoveryPointKey key() {
        return key;
    }

    String plan() {
        return plan;
    }

    AttemptLease lease() {
        return lease;
    }

    List<String> regions() {
        return regions;
    }

    String instanceId() {
        return first.instanceId();
    }

    /** The instance as resolved, for the first attempt; later ones describe it again (volumes come and go). */
    Instance first() {
        return first;
    }

    int number() {
        return number;
    }

    void next() {
        number++;
    }

    Ec2Backup.Made made() {
        return made;
    }

    void made(Ec2Backup.Made made) {
        this.made = made;
    }

    /** Committed, or given up: the lease ends. */
    void end() {
        running = false;
        lease.close();
    }
}
