package io.strata.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.app.Services;
import io.strata.thaw.ThawRetrieval;
import io.strata.run.Recoveries.RestoreOrder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Tier;

/** JMX's restore options string: every declared option, the archive retrieval, and what is refused. */
class RestoreOptionsTextTest {

    private final RestoreOptionsText text = new RestoreOptionsText(Services.restoreOptions());

    private String refused(String target, String options) {
        return assertThrows(IllegalArgumentException.class, () -> text.order("rp", target, options)).getMessage();
    }

    @Test
    void flagsValuesWithCommasAndTheRetrievalAreTakenAsTheCommandLineTakesThem() {
        RestoreOrder order = text.order("rp", "t", "overwrite, key=pk:S,sk:N, keep-partial=false, retrieval-tier=bulk,"
                + "restore-days=7");

        assertEquals("t", order.request().target());
        assertEquals(Map.of("overwrite", "true", "key", "pk:S,sk:N"), order.request().options(),
                "a flag set to false is as good as not given");
        assertEquals(Optional.of(new ThawRetrieval(Tier.BULK, 7)), order.retrieval());
        assertEquals(Map.of("launch", "true"), text.order("rp", null, "launch").request().options(),
                "EC2's launch stands for a target");
        assertEquals(Map.of(), text.order("rp", "t", " ").request().options());
    }

    @Test
    void anUnknownOptionABadValueOrNoTargetIsRefusedNamingIt() {
        assertEquals("unknown restore option 'overwrit' (known: ['availability-zone', 'dry-run', 'import', 'instance-class', "
                + "'keep-partial', 'keep-tags', 'key', 'launch', 'overwrite', 'point-in-time', 'region', 'volume'])",
                refused("t", "overwrit"));
        assertEquals("restore option 'launch' must be true or false, not 'yes'", refused(null, "launch=yes"));
        assertEquals("restore option 'restore-days' must be a whole number of days, not 'soon'",
                refused("t", "restore-days=soon"));
        assertEquals("restore option 'retrieval-tier' must be Expedited, Standard or Bulk, not 'fast'",
                refused("t", "retrieval-tier=fast"));
        assertEquals("restore option 'overwrite' given twice", refused("t", "overwrite,overwrite=false"));
        assertEquals("Missing a target (the table, DB instance or cluster to create)", refused(null, "overwrite"));
    }
}
