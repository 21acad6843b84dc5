package io.strata.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ in-process on a free 127.0.0.1 port, started once per test JVM (as TestAws starts S3Mock). */
public final class TestSqs {

    private static URI endpoint;

    private TestSqs() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("No free port for ElasticMQ", e);
            }
            SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
            server.waitUntilStarted();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "test-sqs-stop"));
            endpoint = URI.create("http://127.0.0.1:" + port);
        }
        return endpoint;
    }
}
