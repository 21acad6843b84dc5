package io.strata.service;

import io.strata.config.Setting;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A service's scheduled restore test (plan attribute {@code restore-test}): the newest recovery point of a
 * resource restored into scratch resources of Strata's own (named or tagged so), checked, and deleted again,
 * whatever the check found. The verify pass runs one test at a time, so every scratch resource present
 * before a test starts was left by a test that never ended (a killed process): {@link #deleteLeftovers}.
 */
public interface RestoreTest {

    /**
     * A plan attribute that must be {@code true} for this test to run (RDS's: a restore test costs an
     * instance-hour); empty when {@code restore-test} alone turns it on. Declared by the service.
     */
    default Optional<Setting> optIn() {
        return Optional.empty();
    }

    /** Deletes the scratch resources earlier tests left behind; returns what was deleted. */
    List<String> deleteLeftovers();

    /**
     * Restores {@code point} (kept in {@code vault}) into scratch resources stamped {@code now}, checks them and
     * deletes them. A check that fails, or a restore that fails, is a FAILED result with the reason, not an
     * exception; only a scratch resource that could not be deleted is named in the result's reason too.
     */
    RestoreTestResult run(Vault vault, RecoveryPoint point, Instant now);
}
