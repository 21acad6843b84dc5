package io.strata.monitor;

import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicy;
import io.strata.retention.RetentionPolicy;
import io.strata.service.Failures;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import io.strata.vault.lock.BucketProtections;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import org.quartz.CronExpression;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code strata audit}: the controls AWS Backup Audit Manager evaluates, checked from Strata's own
 * settings and vault, each PASS or FAIL with its reason. Per plan: how often its cron fires, how long
 * its retention keeps points, whether the objects of its newest points are encrypted, whether they
 * have a second copy, whether a restore test passed within 31 days. Then the vault's own protection.
 */
public final class Audit {

    /** HEADs per plan for the encryption control: the newest point of each resource, as far as this goes. */
    static final int MAX_HEADS = 200;
    /** Fire times looked at for the cron's longest gap: a year of weekly fires, two months of daily ones. */
    private static final int FIRES = 60;

    private final PlanCatalog plans;
    private final Inventory inventory;
    private final StatusReader status;
    private final Function<String, ArchivePolicy> policies;
    private final SecondCopies copies;
    private final AuditSettings settings;
    private final Vault vault;
    private final Clock clock;

    public Audit(PlanCatalog plans, Inventory inventory, StatusReader status, Function<String, ArchivePolicy> policies,
                 SecondCopies copies, AuditSettings settings, Vault vault, Clock clock) {
        this.plans = plans;
        this.inventory = inventory;
        this.status = status;
        this.policies = policies;
        this.copies = copies;
        this.settings = settings;
        this.vault = vault;
        this.clock = clock;
    }

    /** The controls of {@code plan} (null: of every plan), then the vault's. */
    public List<AuditControl> run(String plan) {
        List<AuditControl> controls = new ArrayList<>();
        for (BackupPlan each : plan == null ? plans.plans() : List.of(plans.require(plan))) {
            List<PlanResource> resources = inventory.of(each.name());
            controls.add(frequency(each));
            controls.add(retention(each.name()));
            controls.add(encryption(each.name(), resources));
            controls.add(copies.check(each.name(), resources));
            controls.add(restoreTests(each.name(), resources));
        }
        controls.add(protection());
        return controls;
    }

    AuditControl frequency(BackupPlan plan) {
        String control = "backup-frequency";
        CronExpression cron;
        try {
            cron = new CronExpression(plan.cron());
        } catch (ParseException e) {
            return AuditControl.fail(plan.name(), control, "cron '" + plan.cron() + "' does not parse: " + Failures.message(e));
        }
        cron.setTimeZone(TimeZone.getTimeZone(plans.zone().quartzId()));
        Duration longest = Duration.ZERO;
        Date previous = cron.getNextValidTimeAfter(Date.from(clock.instant()));
        for (int i = 0; i < FIRES && previous != null; i++) {
            Date next = cron.getNextValidTimeAfter(previous);
            if (next != null) {
                Duration gap = Duration.between(previous.toInstant(), next.toInstant());
                longest = gap.compareTo(longest) > 0 ? gap : longest;
            }
            previous = next;
        }
        String required = "at least every " + Ages.of(settings.minFrequency()) + " (strata.audit.min-frequency)";
        if (longest.isZero()) {
            return AuditControl.fail(plan.name(), control, "cron '" + plan.cron() + "' fires at most once more; required "
                    + required);
        }
        String fires = "cron '" + plan.cron() + "' leaves at most " + Ages.of(longest) + " between backups";
        return longest.compareTo(settings.minFrequency()) <= 0 ? AuditControl.pass(plan.name(), control, fires)
                : AuditControl.fail(plan.name(), control, fires + "; required " + required);
    }

    AuditControl retention(String plan) {
        String control = "retention";
        Optional<RetentionPolicy> retention = policies.apply(plan).retention();
        String required = "at least " + Ages.of(settings.minRetention()) + " (strata.audit.min-retention)";
        if (retention.isEmpty()) {
            return AuditControl.pass(plan, control, "no retention set: every recovery point is kept");
        }
        // The longest any rule surely keeps a point it keeps: what a restore of old data can count on.
        Map.Entry<String, Long> longest = retention.get().shortestInDays().entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow();
        String keeps = "retention " + retention.get() + " keeps recovery points up to " + longest.getValue() + " days ("
                + longest.getKey() + ")";
        return Duration.ofDays(longest.getValue()).compareTo(settings.minRetention()) >= 0
                ? AuditControl.pass(plan, control, keeps) : AuditControl.fail(plan, control, keeps + "; required " + required);
    }

    AuditControl encryption(String plan, List<PlanResource> resources) {
        String control = "encryption";
        int checked = 0;
        for (PlanResource resource : resources) {
            Optional<RecoveryPoint> newest = resource.newest();
            if (newest.isEmpty()) {
                continue;
            }
            for (StoredObject object : resource.objectsOf(newest.get())) {
                if (checked == MAX_HEADS) {
                    return AuditControl.pass(plan, control, "the first " + checked + " objects of the newest recovery "
                            + "points are encrypted (at most " + MAX_HEADS + " are looked at)");
                }
                Optional<HeadObjectResponse> head = vault.head(object.key(), null, false);
                checked++;
                if (head.isPresent() && head.get().serverSideEncryptionAsString() == null) {
                    return AuditControl.fail(plan, control, "s3://" + vault.bucket() + "/" + object.key()
                            + " is not encrypted (no server-side encryption)");
                }
            }
        }
        return AuditControl.pass(plan, control, checked == 0 ? "no recovery point yet, nothing to look at"
                : "all " + checked + " objects of the newest recovery points are encrypted");
    }

    AuditControl restoreTests(String plan, List<PlanResource> resources) {
        String control = "restore-test";
        Instant since = clock.instant().minus(AuditSettings.RESTORE_TEST_WITHIN);
        List<String> untested = new ArrayList<>();
        for (PlanResource resource : resources) {
            Optional<Verification> test = status.lastRestoreTest(resource);
            if (test.isEmpty() || !test.get().ok() || test.get().finishedAt().isBefore(since)) {
                untested.add(resource.resource() + test.map(t -> t.ok() ? " (last passed " + t.finishedAt() + ")"
                        : " (last failed " + t.finishedAt() + ")").orElse(" (never tested)"));
            }
        }
        String within = " restore test passed within " + AuditSettings.RESTORE_TEST_WITHIN.toDays() + " days";
        return untested.isEmpty() ? AuditControl.pass(plan, control, resources.isEmpty() ? "no resource"
                : "a" + within + " for all " + resources.size() + " resource(s)")
                : AuditControl.fail(plan, control, "no" + within + " for " + String.join(", ", untested));
    }

    /** Versioning and Object Lock, as {@code strata vault check} reads them. */
    AuditControl protection() {
        String control = "vault-protection";
        List<ProtectionCheck> checks = BucketProtections.of(vault, clock).check(EnumSet.of(Protection.VERSIONING,
                Protection.OBJECT_LOCK));
        List<String> missing = checks.stream().filter(c -> !c.ok()).map(c -> c.protection().setting() + " "
                + c.status() + " (" + c.detail() + ")").toList();
        return missing.isEmpty() ? AuditControl.pass(null, control, "s3://" + vault.bucket() + " has versioning and "
                + "Object Lock") : AuditControl.fail(null, control, "s3://" + vault.bucket() + ": " + String.join("; ",
                missing) + "; see strata vault check");
    }
}
