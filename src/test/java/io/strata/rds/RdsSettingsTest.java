package io.strata.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.plan.ResourceSelector;
import io.strata.vault.RecoveryPointKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings, selectors and snapshot ids: pure, no AWS. */
class RdsSettingsTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsFollowTheAwsQuotas() {
        RdsSettings s = RdsSettings.from(new Properties());
        assertEquals(100, s.snapshotQuota());
        assertEquals(5, s.quotaMargin());
        assertEquals(5, s.maxConcurrentCopies());
        assertEquals(Duration.ofSeconds(15), s.pollInterval());
        assertEquals(List.of(), s.copyRegions(null, "us-east-1"));
        assertFalse(s.export("nightly"));
    }

    @Test
    void badValuesNameTheirKeyAndValue() {
        assertEquals("strata.rds.poll-interval must be a duration such as 500ms, 15s, 30m, 4h or PT15S, not 'soon'",
                assertThrows(SettingsException.class, () -> RdsSettings.from(props("strata.rds.poll-interval", "soon"))).getMessage());
        assertEquals("strata.rds.snapshot-quota must be a whole number, not 'many'",
                assertThrows(SettingsException.class, () -> RdsSettings.from(props("strata.rds.snapshot-quota", "many"))).getMessage());
        assertTrue(assertThrows(SettingsException.class, () -> RdsSettings.from(props("strata.rds.snapshot-quota-margin", "100")))
                .getMessage().contains("must be below strata.rds.snapshot-quota (100)"));
        RdsSettings s = RdsSettings.from(props("strata.plan.p.copy-to-region", "us-west-2,mars-1", "strata.plan.p.rds.export", "yes"));
        assertEquals("strata.plan.p.copy-to-region must name AWS regions such as us-west-2, not 'mars-1'",
                assertThrows(SettingsException.class, () -> s.copyRegions("p", "us-east-1")).getMessage());
        assertEquals("strata.plan.p.rds.export must be true or false, not 'yes'",
                assertThrows(SettingsException.class, () -> s.export("p")).getMessage());
        assertTrue(assertThrows(SettingsException.class, () -> RdsSettings.from(props("strata.plan.p.copy-to-region", "us-east-1"))
                .copyRegions("p", "us-east-1")).getMessage().contains("the region the snapshot is taken in"));
        assertEquals(Duration.ofMillis(250), RdsSettings.from(props("strata.rds.poll-interval", "250ms")).pollInterval());
    }

    @Test
    void selectorsAreInstancesClustersOrTags() {
        RdsSelectors syntax = new RdsSelectors();
        syntax.check(ResourceSelector.parse("rds:instance/prod-db"));
        syntax.check(ResourceSelector.parse("rds:cluster/aurora-1"));
        syntax.check(ResourceSelector.parse("rds:tag/backup=nightly"));
        for (String bad : List.of("rds:prod-db", "rds:instance/1db", "rds:instance/db_1", "rds:cluster/a*",
                "rds:instance/" + "a".repeat(64))) {
            var e = assertThrows(IllegalArgumentException.class, () -> syntax.check(ResourceSelector.parse(bad)), bad);
            assertTrue(e.getMessage().contains("not a valid RDS selector"), e.getMessage());
        }
    }

    @Test
    void snapshotIdsAreValidForRdsAndDeterministic() {
        RecoveryPointKey key = new RecoveryPointKey("", "rds", "us-east-1", "instance/Prod-DB",
                Instant.parse("2026-11-22T02:00:00Z"), "0a1b2c3d");
        assertEquals("strata-instance-prod-db-20261122t020000z-0a1b2c3d", SnapshotIds.snapshot(key));
        assertEquals(SnapshotIds.snapshot(key), SnapshotIds.snapshot(RecoveryPointKey.parse(key.prefix())));
        RecoveryPointKey longName = new RecoveryPointKey("", "rds", "us-east-1", "cluster/" + "a".repeat(63),
                Instant.parse("2026-11-22T02:00:00Z"), "0a1b2c3d");
        String task = SnapshotIds.exportTask(longName);
        assertTrue(task.length() <= 60 && task.endsWith("-20261122t020000z-0a1b2c3d") && !task.contains("--"), task);
    }
}
