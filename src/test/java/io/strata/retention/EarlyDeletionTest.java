package io.strata.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import io.strata.plan.PlanCatalog;
import io.strata.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The start-up check against early-deletion fees, held against what the archive does: two years of
 * nightly backups and daily passes (GfsRetention, the tiering steps), and the days each expired
 * recovery point spent in its last class. A policy the check accepts must never expire one inside
 * the class's minimum storage time.
 */
class EarlyDeletionTest {

    @Test
    void aPolicyTheCheckAcceptsNeverExpiresARecoveryPointInsideItsMinimumStorageTime() {
        List<String[]> policies = List.of(
                new String[] {"monthly=4", "30d:GLACIER_IR"},
                new String[] {"monthly=6", "30d:GLACIER_IR"},
                new String[] {"weekly=18", "30d:GLACIER_IR"},
                new String[] {"daily=7,weekly=4,monthly=12", "30d:GLACIER_IR,90d:DEEP_ARCHIVE"},
                new String[] {"daily=7,weekly=4,monthly=12,yearly=7", "30d:GLACIER_IR,90d:DEEP_ARCHIVE"},
                new String[] {"daily=40", "30d:STANDARD_IA"},
                new String[] {"max-age=120d", "30d:GLACIER_IR"});
        List<String> wrong = new ArrayList<>();
        for (String[] policy : policies) {
            Optional<String> refused = refusal(policy[0], policy[1]);
            Optional<String> fee = firstEarlyDeletion(policy[0], policy[1]);
            if (refused.isEmpty() && fee.isPresent()) {
                wrong.add(policy[0] + " with " + policy[1] + " is accepted, but " + fee.get());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theIssuesExamplePolicyStaysValid() {
        assertEquals(Optional.empty(), refusal("daily=7,weekly=4,monthly=12,yearly=7", "30d:GLACIER_IR,90d:DEEP_ARCHIVE"));
        assertEquals(Optional.empty(), firstEarlyDeletion("daily=7,weekly=4,monthly=12,yearly=7",
                "30d:GLACIER_IR,90d:DEEP_ARCHIVE"));
    }

    @Test
    void theRefusalSaysHowSoonTheRuleCanExpireARecoveryPoint() {
        String message = refusal("monthly=4", "30d:GLACIER_IR").orElseThrow();
        assertTrue(message.contains("monthly=4"), message);
        assertTrue(message.contains("GLACIER_IR at 30 days"), message);
        assertTrue(message.contains("only 88 days"), message);
    }

    /** Two years of nightly backups at 02:00, a pass every day at 03:00: the first expiry that pays a fee. */
    private static Optional<String> firstEarlyDeletion(String retention, String tiering) {
        GfsRetention gfs = new GfsRetention(RetentionPolicy.parse(retention));
        TierPolicy tiers = TierPolicy.parse(tiering);
        Instant first = Instant.parse("2025-01-01T02:00:00Z");
        List<RecoveryPoint> alive = new ArrayList<>();
        Map<String, Instant> born = new HashMap<>();
        for (int day = 0; day < 730; day++) {
            RecoveryPoint point = GfsRetentionTest.point(first.plus(Duration.ofDays(day)).toString());
            alive.add(point);
            born.put(point.key(), point.startedAt());
            Instant pass = point.startedAt().plus(Duration.ofHours(1));
            Map<String, GfsRetention.Verdict> verdicts = gfs.classify(alive, pass);
            for (RecoveryPoint p : List.copyOf(alive)) {
                if (verdicts.get(p.key()).expires()) {
                    alive.remove(p);
                    long age = Duration.between(born.get(p.key()), pass).toDays();
                    Optional<TierPolicy.Step> step = tiers.objectStepAt(age);
                    if (step.isPresent() && age < step.get().days() + step.get().tier().minimumDays()) {
                        return Optional.of("the backup of " + p.startedAt() + " expires at " + age + " days, "
                                + (age - step.get().days()) + " of them in " + step.get().tier() + " (billed "
                                + step.get().tier().minimumDays() + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(String retention, String tiering) {
        Properties properties = new Properties();
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        properties.setProperty("strata.plan.nightly.retention", retention);
        properties.setProperty("strata.plan.nightly.tiering", tiering);
        try {
            ArchivePolicies.from(properties, PlanCatalog.from(properties, Services.selectors()::parse));
            return Optional.empty();
        } catch (SettingsException e) {
            return Optional.of(e.getMessage());
        }
    }
}
