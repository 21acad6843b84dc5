package io.strata.local;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Added to S3Mock's Spring context (spring.main.sources): its plain-HTTP connector takes only a
 * port and would listen on every interface; the embedded services must bind 127.0.0.1 only.
 */
public final class LoopbackHttpConnector implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Connector connector) {
            connector.setProperty("address", "127.0.0.1");
        }
        return bean;
    }
}
