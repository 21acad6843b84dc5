package io.strata.dynamodb;

import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CommonPrefix;

/**
 * Where a native export of a plan with {@code dynamodb.incremental} goes: the newest committed native export
 * of the table by the same plan is read from the vault (its folders newest first, at most
 * {@link #LOOK_BACK} descriptors), and {@link ChainPlanner} decides. A gap is logged as a warning and noted
 * in the new full export's descriptor ({@code details.afterGap}).
 */
final class ChainStart {

    private static final Logger LOG = LoggerFactory.getLogger(ChainStart.class);
    private static final int LOOK_BACK = 50;

    private final Vault vault;

    ChainStart(Vault vault) {
        this.vault = vault;
    }

    /** The step for the attempt {@code self} of {@code plan} on {@code table}, its data as of {@code now}. */
    ChainPlanner.Step next(ChainPlanner planner, String region, String table, String plan, RecoveryPointKey self,
                           Instant now) {
        ChainPlanner.Step step = planner.next(last(region, table, plan, self), now);
        if (step.gap()) {
            LOG.warn("Table {} (plan {}): {}", table, plan, step.reason());
        } else {
            LOG.info("Table {} (plan {}): {}", table, plan, step.incremental() ? step.reason() : "full export: "
                    + step.reason());
        }
        return step;
    }

    private Optional<ChainPlanner.Last> last(String region, String table, String plan, RecoveryPointKey self) {
        String resource = RecoveryPointKey.resourcePrefix(vault.prefix(), DynamoDbService.NAME, region, table);
        List<String> folders = new ArrayList<>(vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                .prefix(resource).delimiter("/")).commonPrefixes().stream().map(CommonPrefix::prefix)
                .filter(folder -> !folder.equals(self.prefix())).toList());
        folders.sort(Comparator.reverseOrder());
        for (String folder : folders.subList(0, Math.min(LOOK_BACK, folders.size()))) {
            RecoveryPoint point;
            try {
                point = vault.read(RecoveryPointKey.parse(folder));
            } catch (VaultException | IllegalArgumentException e) {
                continue; // not committed (an attempt, a failed export): not part of any chain
            }
            if (plan.equals(point.plan()) && DynamoDbMode.NATIVE_EXPORT.word().equals(point.mode())) {
                Optional<ChainLink> link = ChainLink.of(point);
                return Optional.of(new ChainPlanner.Last(point.key(), link.map(ChainLink::to)
                        .orElseGet(() -> IncrementalChains.exportTime(vault, point)), link));
            }
        }
        return Optional.empty();
    }
}
