package io.strata.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.hold.Holds;
import io.strata.hold.LegalHold;
import io.strata.plan.PlanCatalog;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The MBeans as jconsole sees them: a real RMI connector on 127.0.0.1 in front of the platform
 * MBean server, a runtime on DynamoDB Local + S3Mock, and every call made through the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmxIT {

    private static final RMIServerSocketFactory LOOPBACK =
            port -> new ServerSocket(port, 0, InetAddress.getLoopbackAddress());

    private String prefix;
    private AwsClients clients;
    private Vault vault;
    private PlanCatalog plans;
    private StrataRuntime runtime;
    private Registry registry;
    private JMXConnectorServer connectorServer;
    private JMXConnector connector;
    private MBeanServerConnection connection;
    private StrataMBean strata;
    private StrataSettings settings;

    @BeforeAll
    void start() throws Exception {
        prefix = TestAws.unique("jmx");
        Properties properties = TestAws.properties(TestAws.unique("vault"),
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + prefix + "-orders",
                "strata.plan.ticking.cron", "* * * * * ?",
                "strata.plan.ticking.resources", "dynamodb:" + prefix + "-ticks",
                "strata.plan.idle.cron", "0 0 3 * * ?",
                "strata.plan.idle.resources", "dynamodb:" + prefix + "-orders");
        settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        Tables.create(clients.dynamoDb(), prefix + "-orders");
        Tables.put(clients.dynamoDb(), prefix + "-orders", IntStream.range(0, 7).mapToObj(i -> Tables.simple("o", i, "v")).toList());
        Tables.create(clients.dynamoDb(), prefix + "-ticks");
        Tables.put(clients.dynamoDb(), prefix + "-ticks", List.of(Tables.simple("t", 1, "v")));
        plans = PlanCatalog.from(properties, Services.selectors()::parse);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients, vault, Clock.systemUTC(), new StopSignal()).runtime().start();

        // What -Dcom.sun.management.jmxremote.port does, bound to loopback as the launcher binds it.
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        int port;
        try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        registry = LocateRegistry.createRegistry(port, null, LOOPBACK);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(url,
                Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, LOOPBACK),
                ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        connector = JMXConnectorFactory.connect(url);
        connection = connector.getMBeanServerConnection();
        strata = JMX.newMBeanProxy(connection, new ObjectName("io.strata:type=Strata"), StrataMBean.class);
    }

    @AfterAll
    void stop() throws Exception {
        connector.close();
        connectorServer.stop();
        UnicastRemoteObject.unexportObject(registry, true);
        runtime.close();
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("io.strata:type=Strata")),
                "closing the runtime unregisters its MBean");
        clients.close();
    }

    @Test
    void holdAndReleaseGoThroughTheHoldRoutesAndBadInputIsNamed() throws Exception {
        Tables.create(clients.dynamoDb(), prefix + "-held"); // its own table: the other tests count the plans' points
        Tables.put(clients.dynamoDb(), prefix + "-held", List.of(Tables.simple("h", 1, "v")));
        RecoveryPoint point = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal())
                .get("dynamodb").backup(prefix + "-held", null);

        String held = strata.hold(point.key(), "case 7");

        assertTrue(held.startsWith("Held " + point.key()), held);
        Holds.Reading holds = new Holds(vault, Clock.systemUTC()).of(RecoveryPointKey.parse(point.key()));
        assertEquals(List.of("jmx"), holds.holds().stream().map(LegalHold::origin).toList());
        IllegalArgumentException noReason = assertThrows(IllegalArgumentException.class, () -> strata.hold(point.key(), " "));
        assertTrue(noReason.getMessage().contains("Missing a reason"), noReason.getMessage());

        assertTrue(strata.release(point.key()).startsWith("Released " + point.key()));
        IllegalArgumentException notHeld = assertThrows(IllegalArgumentException.class, () -> strata.release(point.key()));
        assertTrue(notHeld.getMessage().contains("is not under a legal hold"), notHeld.getMessage());
    }

    @Test
    void runPlanRunsInTheBackgroundAndTheLastRunShowsItsNumbers() throws Exception {
        String runId = strata.runPlan("nightly");

        String status = awaitDone(runId);
        assertTrue(status.startsWith("OK\n"), status);
        RecoveryPoint point = vault.list(p -> "nightly".equals(p.plan())).points().get(0);
        assertTrue(status.contains(point.key()), status + " names the committed " + point.key());
        assertEquals(7, vault.read(RecoveryPointKey.parse(point.key())).itemCount());

        String last = strata.lastRun("nightly");
        assertTrue(last.matches("nightly  \\S+Z  OK  resources=1 failed=0 items=7 bytes=" + point.bytes() + " run=" + runId),
                last);
        assertTrue(((String) connection.getAttribute(new ObjectName("io.strata:type=Strata"), "LastRuns"))
                .contains(last), "the LastRuns attribute holds the same line");
        assertEquals("idle  has not run since start-up", strata.lastRun("idle"));
        assertEquals(Set.of("nightly", "ticking", "idle"), Set.of(strata.getPlans()));
    }

    @Test
    void aBackupOfAnUnknownTableFailsWithTheReason() throws Exception {
        String status = awaitDone(strata.backup("dynamodb:" + prefix + "-missing"));

        assertTrue(status.startsWith("FAILED\n"), status);
        assertTrue(status.contains("table " + prefix + "-missing not found"), status);
    }

    @Test
    void listVerifyAndRestoreARecoveryPointTakenOverJmx() throws Exception {
        String table = prefix + "-orders";
        assertTrue(awaitDone(strata.backup("dynamodb:" + table + ",  dynamodb:" + table)).startsWith("OK\n"));
        String key = vault.list(p -> p.resource().equals("dynamodb:" + table) && p.plan() == null).points().get(0).key();

        String listed = strata.listRecoveryPoints("dynamodb:" + table);
        assertTrue(listed.contains(key + "  dynamodb:" + table + "  7 items"), listed);

        String verified = awaitDone(strata.verify(key));
        assertTrue(verified.startsWith("OK\nVERIFIED " + key), verified);

        String restored = awaitDone(strata.restore(key, table + "-restored"));
        assertTrue(restored.startsWith("OK\n"), restored);
        assertEquals(7, Tables.scanAll(clients.dynamoDb(), table + "-restored").size());
    }

    @Test
    void badInputIsAClearMessage() {
        assertMessage("No plan named 'weekly' (known: ", () -> strata.runPlan("weekly"));
        assertMessage("service 'mysql' is not supported", () -> strata.backup("mysql:db"));
        assertMessage("Missing one or more selectors", () -> strata.backup(" "));
        assertMessage("service 'mysql' is not supported", () -> strata.listRecoveryPoints("mysql:db"));
        assertMessage("is not a recovery point", () -> strata.verify("s3://"));
        String gone = "strata/dynamodb/us-east-1/" + prefix + "-gone/20200101T000000Z/";
        assertMessage("No committed recovery point", () -> strata.verify(gone));
        assertMessage("No committed recovery point", () -> strata.restore(gone, "anything"));
        assertMessage("Missing a target", () -> strata.restore(gone, ""));
        assertMessage("No task 'nope'", () -> strata.status("nope"));
    }

    @Test
    void suspendingAPlansRoutePausesItsScheduleUntilResumed() throws Exception {
        runtime.schedulePlans(List.of(plans.require("ticking")));
        try {
            Set<ObjectName> names = connection.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
            ObjectName route = new ObjectName("org.apache.camel:context=strata,type=routes,name=\"plan-ticking\"");
            assertTrue(names.contains(route), "route MBeans: " + names);
            await(() -> ticks() > 0, "the every-second plan ran");

            connection.invoke(route, "suspend", null, null);
            assertEquals("Suspended", connection.getAttribute(route, "State"));
            Thread.sleep(500); // a run the trigger had just handed over finishes
            int before = ticks();
            Thread.sleep(3_500); // a negative check: three firings would have happened by now
            assertEquals(before, ticks(), "no run while the plan's route is suspended");

            connection.invoke(route, "resume", null, null);
            assertEquals("Started", connection.getAttribute(route, "State"));
            await(() -> ticks() > before, "a run after resume");
            assertTrue(strata.getLastRuns().contains("ticking  "), strata.getLastRuns());
        } finally {
            runtime.context().getRouteController().stopRoute("plan-ticking");
            runtime.context().removeRoute("plan-ticking");
        }
    }

    private int ticks() {
        return vault.list(p -> "ticking".equals(p.plan())).points().size();
    }

    private String awaitDone(String taskId) throws InterruptedException {
        String[] status = new String[1];
        await(() -> !(status[0] = strata.status(taskId)).startsWith("RUNNING"), "task " + taskId + " finished");
        return status[0];
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
