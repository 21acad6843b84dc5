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
import io.strata.plan.PlanCatalog;
import io.strata.vault.Vault;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What any local user reaches through the JVM's JMX connector (no password on loopback): the
 * platform MBean server of a running runtime. Camel's context MBean could send any message to any
 * endpoint as the daemon's user ({@code sendBody("file:...")} wrote files); only Strata's MBean and
 * the documented route operations may be there. SDK clients aim at a closed loopback port: no AWS call.
 */
class CamelJmxExposureTest {

    private static final String[] SEND = {String.class.getName(), Object.class.getName()};

    @TempDir
    Path temp;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private AwsClients clients;
    private PlanCatalog plans;
    private StrataRuntime runtime;
    private ObjectName context;

    @BeforeEach
    void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("strata.aws.region", "us-east-1");
        properties.setProperty("strata.aws.endpoint", "http://127.0.0.1:9");
        properties.setProperty("strata.vault.bucket", "never-called");
        properties.setProperty("strata.plan.nightly.cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan.nightly.resources", "dynamodb:orders");
        StrataSettings settings = StrataSettings.from(properties);
        plans = PlanCatalog.from(properties, Services.selectors()::parse);
        clients = new AwsClients(settings);
        runtime = Composition.of(Path.of("").toAbsolutePath(), settings, plans, clients,
                Vault.from(clients.s3(), settings), Clock.systemUTC(), new StopSignal()).runtime().start();
        runtime.schedulePlans(List.of(plans.require("nightly")));
        context = new ObjectName("org.apache.camel:context=" + runtime.context().getManagementName()
                + ",type=context,name=\"" + runtime.context().getName() + "\"");
    }

    @AfterEach
    void stop() {
        runtime.close();
        clients.close();
    }

    @Test
    void theContextMBeanSendsNothingAnywhere() throws Exception {
        Path pwned = temp.resolve("pwned.txt");
        String uri = "file:" + temp + "?fileName=pwned.txt";

        for (String operation : List.of("sendBody", "requestBody", "sendStringBody", "requestStringBody")) {
            assertThrows(JMException.class, () -> server.invoke(context, operation, new Object[] {uri, "x"},
                    operation.contains("String") ? new String[] {String.class.getName(), String.class.getName()} : SEND),
                    operation + " was accepted");
        }

        assertFalse(Files.exists(pwned), "a message was sent to " + uri);
        assertTrue(operations(context).stream().noneMatch(op -> op.startsWith("send") || op.startsWith("request")),
                "context operations: " + operations(context));
    }

    @Test
    void onlyTheContextAndRoutesAreRegisteredAndRoutesOfferOnlyTheDocumentedOperations() throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context="
                + runtime.context().getManagementName() + ",*"), null);
        Set<String> types = new TreeSet<>();
        names.forEach(name -> types.add(name.getKeyProperty("type")));
        assertEquals(Set.of("context", "routes"), types, "registered: " + names);

        ObjectName route = new ObjectName("org.apache.camel:context=" + runtime.context().getManagementName()
                + ",type=routes,name=\"plan-nightly\"");
        Set<String> actions = new TreeSet<>(operations(route));
        actions.removeIf(op -> op.startsWith("get") || op.startsWith("is"));
        assertEquals(Set.of("resume", "start", "stop", "suspend"), actions, "route operations");
        Set<String> contextActions = new TreeSet<>(operations(context));
        contextActions.removeIf(op -> op.startsWith("get") || op.startsWith("is"));
        assertEquals(Set.of(), contextActions, "the context is read-only");
        assertThrows(JMException.class, () -> server.setAttribute(route, new javax.management.Attribute("Tracing", true)),
                "attributes are read-only (tracing would log every message)");
    }

    @Test
    void aPlanRouteCanStillBeSuspendedAndResumedAndItsStatisticsRead() throws Exception {
        ObjectName route = new ObjectName("org.apache.camel:context=" + runtime.context().getManagementName()
                + ",type=routes,name=\"plan-nightly\"");

        server.invoke(route, "suspend", null, null);
        assertEquals("Suspended", server.getAttribute(route, "State"));
        server.invoke(route, "resume", null, null);
        assertEquals("Started", server.getAttribute(route, "State"));
        assertEquals(0L, server.getAttribute(route, "ExchangesTotal"));
        assertTrue(server.isRegistered(new ObjectName(JmxRegistration.NAME)), "Strata's own MBean is there");
    }

    private List<String> operations(ObjectName name) throws JMException {
        return Arrays.stream(server.getMBeanInfo(name).getOperations()).map(MBeanOperationInfo::getName).toList();
    }
}
