package io.strata.local;

import java.net.URI;

/** One embedded service listening on 127.0.0.1: its endpoint and how to stop it. */
public record LocalService(URI endpoint, Runnable stop) implements AutoCloseable {

    @Override
    public void close() {
        stop.run();
    }
}
