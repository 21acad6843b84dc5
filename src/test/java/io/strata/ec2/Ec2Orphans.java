package io.strata.ec2;

import io.strata.vault.RecoveryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What a user checks after a failed or interrupted backup: every snapshot and AMI in the account
 * that carries a {@code strata:recovery-point} tag but that no committed recovery point in the
 * vault names. After any backup, failed or not, this must be empty.
 */
final class Ec2Orphans {

    private Ec2Orphans() {
    }

    static List<String> of(Ec2Fixture f, String... regions) {
        Set<String> committed = f.vault.list(p -> true).points().stream().map(RecoveryPoint::key).collect(Collectors.toSet());
        List<String> orphans = new ArrayList<>();
        for (String region : regions) {
            f.world.snapshotTags(region).forEach((id, tags) -> {
                String key = tags.get("strata:recovery-point");
                if (key != null && !committed.contains(key)) {
                    orphans.add("snapshot " + id + " in " + region + " of " + key);
                }
            });
            for (Image image : f.clients.ec2(Region.of(region)).describeImages(r -> r.owners("self")).images()) {
                String key = image.tags().stream().filter(t -> t.key().equals("strata:recovery-point")).map(Tag::value)
                        .findFirst().orElse(null);
                if (key != null && !committed.contains(key)) {
                    orphans.add("AMI " + image.imageId() + " in " + region + " of " + key);
                }
            }
        }
        return orphans;
    }
}
