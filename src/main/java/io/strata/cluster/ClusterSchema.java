package io.strata.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables the nodes share, created when missing: Quartz's own, from the Quartz jar's
 * {@code tables_postgres.sql} (so they always match the Quartz version that reads them), and the request
 * triggers' claims in {@code CAMEL_MESSAGEPROCESSED}. The script starts with {@code DROP TABLE}s: only its
 * {@code CREATE} statements are run, so a second start never wipes the schedule. All of it runs in one
 * transaction under a PostgreSQL advisory lock: two nodes starting at once on an empty database create the
 * tables once, the second waits and then finds them.
 */
final class ClusterSchema {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSchema.class);
    private static final String QUARTZ_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Any fixed number all nodes agree on: "strata" in ASCII. */
    static final long LOCK = 0x737472617461L;
    private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*--.*$");

    /**
     * The request triggers' claims ({@link RequestClaims}; camel-sql's layout): a row per request being run, whose
     * createdAt the replica running it renews. messageId holds an inbox file's name or an S3 key + SHA-256.
     */
    static final String MESSAGES = "CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255) NOT NULL, "
            + "messageId VARCHAR(2048) NOT NULL, createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))";

    private ClusterSchema() {
    }

    /** Creates whatever of the shared tables is missing; idempotent and safe to run from several nodes at once. */
    static void ensure(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")"); // released with the transaction
            List<String> created = new ArrayList<>();
            if (!exists(statement, "qrtz_locks")) {
                for (String ddl : quartzStatements()) {
                    statement.execute(ddl);
                }
                created.add("Quartz's QRTZ_* tables");
            }
            if (!exists(statement, "camel_messageprocessed")) {
                statement.execute(MESSAGES);
                created.add("CAMEL_MESSAGEPROCESSED");
            }
            connection.commit();
            if (!created.isEmpty()) {
                LOG.info("Cluster database: created {}", String.join(" and ", created));
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The CREATE statements of Quartz's PostgreSQL script, in its order (tables before their indexes). */
    static List<String> quartzStatements() {
        String script;
        try (InputStream in = ClusterSchema.class.getClassLoader().getResourceAsStream(QUARTZ_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("The Quartz jar lacks " + QUARTZ_SCRIPT);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + QUARTZ_SCRIPT, e);
        }
        List<String> statements = new ArrayList<>();
        for (String part : COMMENT.matcher(script).replaceAll("").split(";")) {
            String sql = part.strip();
            if (sql.toUpperCase(Locale.ROOT).startsWith("CREATE ")) {
                statements.add(sql);
            }
        }
        return statements;
    }
}
