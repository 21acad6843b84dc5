package io.strata.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a free loopback port, as Slack's incoming webhooks answer: 200 to a POST it takes;
 * {@link #answer} makes it answer another status (a 500 of a webhook that is down). Keeps every body POSTed.
 */
public final class LoopbackWebhook implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loopback-webhook");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> bodies = new ArrayList<>();
    private volatile int status = 200;

    public LoopbackWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL with a path standing for a secret token, as Slack's webhooks carry one. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/secret-token");
    }

    public void answer(int status) {
        this.status = status;
    }

    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if ("POST".equals(exchange.getRequestMethod())
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                synchronized (this) {
                    bodies.add(body);
                }
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
