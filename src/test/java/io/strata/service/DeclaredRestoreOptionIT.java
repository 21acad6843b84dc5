package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.StrataCommand;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.exit.ExitCode;
import io.strata.management.JmxRegistration;
import io.strata.management.StrataMBean;
import io.strata.plan.PlanCatalog;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.trigger.RequestHandler;
import io.strata.trigger.RequestOutcome;
import io.strata.trigger.RequestParser;
import io.strata.vault.Vault;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A service declares a restore option, and the command line, a request file and JMX take it and hand it
 * to that service's restore, with nothing in cli/, trigger/ or management/ naming it: {@link PaintService}
 * exists only here, composed beside the built-in services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredRestoreOptionIT {

    private final PaintService paint = new PaintService();
    private String bucket;
    private AwsClients clients;
    private PlanCatalog plans;
    private ServiceRegistry services;
    private StrataRuntime runtime;

    @BeforeAll
    void start() throws Exception {
        // The command line reads credentials as a user's would: the embedded services take any.
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        bucket = TestAws.unique("paint-vault");
        StrataSettings settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        Vault vault = TestAws.vault(clients, settings);
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal(), List.of(paint));
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, services, vault, Clock.systemUTC(),
                new StopSignal()).runtime().start();
    }

    @AfterAll
    void stop() {
        runtime.close();
        clients.close();
    }

    private StrataCli.Result strata(StrataCommand strata, String... args) {
        List<String> all = new ArrayList<>(StrataCli.against(bucket));
        all.addAll(List.of(args));
        return StrataCli.run(strata, all);
    }

    @Test
    void theCommandLineOffersTheDeclaredOptionAndHandsItToTheServicesRestore() {
        StrataCommand withPaint = new StrataCommand(List.of(paint));

        StrataCli.Result painted = strata(withPaint, "restore", "paint:hall", "--colour", "red", "--varnish", "--to", "hall-2");
        StrataCli.Result refused = strata(withPaint, "restore", "paint:hall", "--colour", "Red!", "--to", "hall-2");
        StrataCli.Result help = StrataCli.run(withPaint, List.of("restore", "--help"));
        StrataCli.Result without = strata(new StrataCommand(), "restore", "paint:hall", "--colour", "red", "--to", "hall-2");

        assertEquals(ExitCode.OK.code(), painted.code(), painted.err());
        assertEquals("Painted hall red, varnished, into hall-2", painted.out().strip());
        assertEquals(Map.of("colour", "red", "varnish", "true"), paint.restored.get(paint.restored.size() - 1).options());
        assertEquals(ExitCode.USAGE.code(), refused.code(), refused.err());
        assertTrue(refused.err().startsWith("strata: Invalid value for option '--colour': must be a colour's name"),
                refused.err());
        assertTrue(help.out().contains("--colour=COLOUR") && help.out().contains("paint: The colour to paint the wall in.")
                && help.out().contains("paint: Varnish the wall once painted."), help.out());
        assertEquals(ExitCode.USAGE.code(), without.code(), "no service declares it: " + without.err());
        assertTrue(without.err().startsWith("strata: unknown arguments '--colour', 'red'"), without.err());
    }

    @Test
    void aRequestFileTakesTheOptionAsItsFieldAndRefusesAnUndeclaredOneNamingIt() {
        RequestHandler handler = new RequestHandler(new RequestParser(plans, Services.selectors()::parse,
                services.restoreOptions()), services, runtime, Clock.systemUTC(), () -> false);

        RequestOutcome painted = handler.handle("paint.json", json("{\"action\":\"restore\",\"recoveryPoint\":\"paint:hall\","
                + "\"target\":\"hall-3\",\"colour\":\"blue\",\"varnish\":true}"));
        RequestOutcome typo = handler.handle("typo.json", json("{\"action\":\"restore\",\"recoveryPoint\":\"paint:hall\","
                + "\"target\":\"hall-3\",\"color\":\"blue\"}"));
        RequestOutcome yes = handler.handle("yes.json", json("{\"action\":\"restore\",\"recoveryPoint\":\"paint:hall\","
                + "\"target\":\"hall-3\",\"colour\":\"blue\",\"varnish\":\"yes\"}"));
        RequestOutcome badColour = handler.handle("bad.json", json("{\"action\":\"restore\",\"recoveryPoint\":\"paint:hall\","
                + "\"target\":\"hall-3\",\"colour\":\"Blue!\"}"));

        assertEquals(RequestOutcome.OK, painted.status(), painted.errors().toString());
        assertEquals("Painted hall blue, varnished, into hall-3", painted.restored());
        assertEquals(RequestOutcome.REJECTED, typo.status());
        assertTrue(typo.errors().get(0).startsWith("unknown field(s) [color] for action 'restore'"), typo.errors().toString());
        assertTrue(typo.errors().get(0).contains("colour") && typo.errors().get(0).contains("varnish"),
                "the fields it takes are named: " + typo.errors());
        assertEquals(List.of("\"varnish\" must be true or false, not \"yes\""), yes.errors());
        assertEquals(List.of("\"colour\" must be a colour's name in lower case, not 'Blue!'"), badColour.errors());
    }

    @Test
    void jmxTakesTheOptionInItsOptionsString() throws Exception {
        StrataMBean strata = JMX.newMBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(JmxRegistration.NAME), StrataMBean.class);

        String status = awaitDone(strata, strata.restore("paint:hall", "hall-4", "colour=green, varnish"));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> strata.restore("paint:hall", "hall-5", "color=green"));
        IllegalArgumentException badColour = assertThrows(IllegalArgumentException.class,
                () -> strata.restore("paint:hall", "hall-5", "colour=Green!"));

        assertEquals("OK\nPainted hall green, varnished, into hall-4", status.strip());
        assertTrue(typo.getMessage().startsWith("unknown restore option 'color' (known: "), typo.getMessage());
        assertTrue(typo.getMessage().contains("'colour'"), typo.getMessage());
        assertEquals("restore option 'colour' must be a colour's name in lower case, not 'Green!'", badColour.getMessage());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The task's status once it is no longer RUNNING (a JMX task has no other signal to wait on). */
    private static String awaitDone(StrataMBean strata, String taskId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String status;
        while ((status = strata.status(taskId)).startsWith("RUNNING")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("task " + taskId + " not done within 60 s: " + status);
            }
            Thread.sleep(50);
        }
        return status;
    }
}
