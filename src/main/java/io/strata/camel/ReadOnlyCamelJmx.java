package io.strata.camel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.Descriptor;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanAttributeInfo;
import javax.management.modelmbean.ModelMBeanConstructorInfo;
import javax.management.modelmbean.ModelMBeanInfo;
import javax.management.modelmbean.ModelMBeanInfoSupport;
import javax.management.modelmbean.ModelMBeanNotificationInfo;
import javax.management.modelmbean.ModelMBeanOperationInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.ManagementMBeansLevel;
import org.apache.camel.api.management.mbean.ManagedCamelContextMBean;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;

/**
 * Decides what of Camel reaches JMX, where any local user may connect without a password (the
 * launcher's loopback default). Camel registers its context with {@code sendBody}/{@code requestBody}
 * to any endpoint URI ({@code file:} wrote files as the daemon's user), components with
 * {@code verify}, endpoints with {@code browse}, services with {@code stop}, routes with
 * {@code remove} and {@code updateRouteFromXml}. Only two kinds are registered here: the context,
 * read-only (its attributes, no operation), and each route with its attributes read-only and the
 * operations the README documents: {@code start}, {@code stop}, {@code suspend}, {@code resume}.
 * Everything else is not registered at all (the assembler returning null is Camel's "not managed").
 * Strata's own MBean ({@code io.strata:type=Strata}) is registered by Strata, not through Camel.
 */
public final class ReadOnlyCamelJmx extends DefaultManagementMBeanAssembler {

    static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume");

    public ReadOnlyCamelJmx(CamelContext context) {
        super(context);
    }

    /**
     * Installs this assembler in {@code main}'s context before it is configured, i.e. before Camel registers
     * anything; processors are not even made MBeans ({@code RoutesOnly}), routes keep their statistics.
     */
    public static void installOn(Main main) {
        main.configure().withJmxManagementMBeansLevel(ManagementMBeansLevel.RoutesOnly);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configured) {
                CamelContext context = configured.getCamelContext();
                context.getCamelContextExtension().setManagementMBeanAssembler(new ReadOnlyCamelJmx(context));
            }
        });
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object managed, ObjectName name) throws JMException {
        Set<String> operations;
        if (managed instanceof ManagedRouteMBean) {
            operations = ROUTE_OPERATIONS;
        } else if (managed instanceof ManagedCamelContextMBean) {
            operations = Set.of();
        } else {
            return null;
        }
        ModelMBeanInfo info = assembler.getMBeanInfo(camelContext, managed, null, name.toString());
        if (info == null) {
            return null;
        }
        ModelMBean mbean = new MixinRequiredModelMBean(restrict(info, operations), true, null, null);
        try {
            mbean.setManagedResource(managed, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
        return mbean;
    }

    /**
     * Attributes become read-only (a writable {@code Tracing} would log every message body); of the
     * operations only the attributes' getters and {@code allowed} (without parameters) remain. A model
     * MBean invokes nothing its info does not list.
     */
    static ModelMBeanInfo restrict(ModelMBeanInfo info, Set<String> allowed) throws JMException {
        List<ModelMBeanAttributeInfo> attributes = new ArrayList<>();
        Set<String> getters = new HashSet<>();
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            ModelMBeanAttributeInfo model = (ModelMBeanAttributeInfo) attribute;
            if (!model.isReadable()) {
                continue;
            }
            Descriptor descriptor = model.getDescriptor();
            descriptor.removeField("setMethod");
            getters.add((String) descriptor.getFieldValue("getMethod"));
            attributes.add(new ModelMBeanAttributeInfo(model.getName(), model.getType(), model.getDescription(),
                    true, false, model.isIs(), descriptor));
        }
        List<ModelMBeanOperationInfo> operations = new ArrayList<>();
        for (MBeanOperationInfo operation : info.getOperations()) {
            if (operation.getSignature().length == 0
                    && (getters.contains(operation.getName()) || allowed.contains(operation.getName()))) {
                operations.add((ModelMBeanOperationInfo) operation);
            }
        }
        return new ModelMBeanInfoSupport(info.getClassName(), info.getDescription(),
                attributes.toArray(ModelMBeanAttributeInfo[]::new), new ModelMBeanConstructorInfo[0],
                operations.toArray(ModelMBeanOperationInfo[]::new),
                (ModelMBeanNotificationInfo[]) info.getNotifications(), info.getMBeanDescriptor());
    }
}
