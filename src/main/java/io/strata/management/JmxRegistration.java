package io.strata.management;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code io.strata:type=Strata} on the platform MBean server (the one the JVM's
 * {@code com.sun.management.jmxremote} connector serves) while a runtime runs. A second runtime in
 * the same JVM (a test, a command inside the daemon) leaves the first one's MBean in place.
 */
public final class JmxRegistration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JmxRegistration.class);
    public static final String NAME = "io.strata:type=Strata";

    private final MBeanServer server;
    private final ObjectName name;
    private final boolean registered;

    private JmxRegistration(MBeanServer server, ObjectName name, boolean registered) {
        this.server = server;
        this.name = name;
        this.registered = registered;
    }

    public static JmxRegistration register(StrataMBean bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(NAME);
            try {
                server.registerMBean(new StandardMBean(bean, StrataMBean.class), name);
                return new JmxRegistration(server, name, true);
            } catch (InstanceAlreadyExistsException e) {
                LOG.warn("{} is already registered by another runtime in this JVM; this one is not managed over JMX", NAME);
                return new JmxRegistration(server, name, false);
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register " + NAME + ": " + e.getMessage(), e);
        }
    }

    /** Unregisters only what this registration registered. */
    @Override
    public void close() {
        if (!registered) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.warn("Could not unregister {}: {}", NAME, e.getMessage());
        }
    }
}
