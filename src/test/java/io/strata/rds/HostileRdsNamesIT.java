package io.strata.rds;

import static io.strata.rds.RdsFixture.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An RDS endpoint (an emulator, a compromised proxy) that lists DB identifiers AWS would refuse: a tag
 * selector skips them naming each, as {@code rds:instance/ID} would refuse them, and no backup writes a
 * vault key with a {@code ..} segment or a control character.
 */
class HostileRdsNamesIT {

    private final RdsFixture f = new RdsFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aTagSelectorSkipsIdentifiersAwsWouldRefuseNamingThem() {
        Map<String, String> nightly = Map.of("backup", "nightly");
        f.world.addInstance(HOME, "good-db", "postgres", "db.t3.micro", false, nightly);
        f.world.addInstance(HOME, "../../etc", "postgres", "db.t3.micro", false, nightly);
        f.world.addInstance(HOME, "db\u202Eexe", "postgres", "db.t3.micro", false, nightly);

        List<Resource> resolved = f.service.resolve(List.of(ResourceSelector.parse("rds:tag/backup=nightly")));

        assertEquals(List.of("instance/good-db"), resolved.stream().filter(r -> r.problem() == null).map(Resource::id)
                .toList());
        List<String> problems = resolved.stream().map(Resource::problem).filter(p -> p != null).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("skipped DB instance or cluster instance/../../etc found by "
                + "rds:tag/backup=nightly: '../../etc' is not a valid DB instance identifier (1-63 letters")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'db\\u202Eexe' is not a valid DB instance identifier")),
                problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.contains("\u202E")), "never the raw bidi character");
    }

    /** Had a resolver let it through, the backup still refuses before any snapshot or vault object is made. */
    @Test
    void aBackupOfAnIdWithADotDotSegmentWritesNothing() {
        f.world.addInstance(HOME, "..", "postgres", "db.t3.micro", false, Map.of());

        String message = assertThrows(IllegalArgumentException.class, () -> f.service.backup("instance/..", null))
                .getMessage();

        assertTrue(message.contains("Not writing a vault key whose resource 'instance/..' has an empty, '.' or '..' "
                + "segment"), message);
        List<String> keys = f.vault.s3().listObjectsV2Paginator(r -> r.bucket(f.vault.bucket())).contents().stream()
                .map(S3Object::key).toList();
        assertTrue(keys.stream().noneMatch(k -> k.contains("/../") || k.endsWith("/..")), keys.toString());
        assertEquals(0, f.world.all("snapshot", HOME).size(), "no snapshot made");
    }
}
