package io.strata.cli.output;

import io.strata.archive.Forgetting;
import io.strata.vault.StoredObject;
import java.util.List;

/**
 * What {@code strata forget} deleted, or would have: read from the {@link Forgetting.Target} before it went.
 *
 * @param vault       the vault bucket the recovery point is in
 * @param unfinished  whether this finishes a forget or expiry that was interrupted (the descriptor already went)
 * @param made        the snapshots, AMIs and their regional copies the backup made, in the service's words
 * @param copyVault   the plan's second vault holding a copy, null when there is none
 * @param refused     why it may not be forgotten (Object Lock, legal hold), null when it may
 * @param forgotten   whether it is gone: true exactly when the exit code is 0
 */
public record ForgetResult(String recoveryPoint, String service, String resource, String plan, String vault,
                           boolean unfinished, int objects, long bytes, String made, String copyVault, int copyObjects,
                           long copyBytes, String refused, boolean forgotten) {

    public static ForgetResult of(Forgetting.Target target, boolean forgotten) {
        var point = target.point();
        var copy = target.copy();
        return new ForgetResult(point.key(), point.service(), point.resource(), point.plan(),
                target.primary().vault().bucket(), target.primary().unfinished(), target.primary().objects().size(),
                bytes(target.primary().objects()), target.made(), copy.map(c -> c.vault().bucket()).orElse(null),
                copy.map(c -> c.objects().size()).orElse(0), copy.map(c -> bytes(c.objects())).orElse(0L),
                target.refusal().orElse(null), forgotten);
    }

    private static long bytes(List<StoredObject> objects) {
        return objects.stream().mapToLong(StoredObject::size).sum();
    }
}
