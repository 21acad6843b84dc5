package io.strata.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.StrataProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode remembers (issue 20, point 5): what {@code strata demo} backed up is still there for the next local
 * command, a separate process that starts its own embedded services on the same {@code strata.local.data-dir}
 * once the demo's process has ended (its lock ends with it); and a second local command while one holds the
 * folder is refused, naming it, before it starts anything.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // each child JVM starts Spring Boot and DynamoDB Local: minutes when loaded
class LocalModeMemoryIT {

    private static final Pattern DEMO_POINT = Pattern.compile("strata/dynamodb/us-east-1/" + DemoTable.NAME + "/\\S+/");

    @TempDir
    Path dataDir;

    private StrataProcess local(int expectedCode, String... args) throws Exception {
        StrataProcess strata = StrataProcess.startLocal(dataDir, args);
        try {
            assertTrue(strata.process().waitFor(600, TimeUnit.SECONDS), "strata " + String.join(" ", args)
                    + " did not end: " + strata.said());
            assertEquals(expectedCode, strata.process().exitValue(), strata.said());
            return strata;
        } finally {
            strata.destroyForcibly();
        }
    }

    @Test
    void aLaterLocalCommandListsAndVerifiesWhatTheDemoBackedUp() throws Exception {
        StrataProcess demo = local(0, "demo", "--items", "40");
        assertTrue(demo.stdout().contains("Demo succeeded."), demo.said());

        StrataProcess list = local(0, "list");
        Matcher point = DEMO_POINT.matcher(list.stdout());
        assertTrue(point.find(), "the demo's recovery point is listed by the next process: " + list.said());
        assertTrue(demo.stdout().contains(point.group()), "the point listed is the one the demo made: " + demo.said());

        StrataProcess verify = local(0, "verify", point.group());
        assertTrue(verify.stdout().contains("VERIFIED " + point.group()), verify.said());
    }

    @Test
    void aSecondLocalCommandOnTheSameDataDirIsRefusedNamingIt() throws Exception {
        try (LocalDataDir held = LocalDataDir.lock(dataDir, "strata.local.data-dir")) {
            StrataProcess list = local(2, "list");
            String err = list.stderr();
            assertTrue(err.contains("strata.local.data-dir " + held.folder() + " is in use by another local Strata "
                    + "command (pid " + ProcessHandle.current().pid()), err);
            assertTrue(err.contains("set strata.local.data-dir to another folder"), err);
            assertEquals("", list.stdout());
        }
    }
}
