package io.strata.monitor;

import io.strata.service.Failures;
import io.strata.vault.Vault;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** {@code /observe/health}: DOWN while the vault bucket cannot be reached (gone, no access, no network). */
final class VaultHealthCheck extends AbstractHealthCheck {

    private final Vault vault;

    VaultHealthCheck(Vault vault) {
        super("strata", "strata-vault");
        this.vault = vault;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("bucket", vault.bucket());
        try {
            vault.checkBucketExists(false);
            builder.up();
        } catch (RuntimeException e) {
            builder.message("vault bucket s3://" + vault.bucket() + " not reachable: " + Failures.message(e)).down();
        }
    }
}
