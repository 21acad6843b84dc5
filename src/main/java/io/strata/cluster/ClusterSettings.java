package io.strata.cluster;

import io.strata.config.Setting;
import io.strata.config.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Several instances sharing one schedule: the PostgreSQL database that holds Quartz's clustered job store
 * and the request triggers' idempotent repository. Without {@code strata.cluster.jdbc-url} Strata runs alone
 * (Quartz in memory, the repository in a file). The password is read from a file, never from a setting, so
 * it is in no process listing, no environment dump and no log line.
 *
 * @param jdbcUrl         {@code jdbc:postgresql://host:5432/db}
 * @param user            the database user
 * @param passwordFile    a file holding the password (trailing newline ignored); empty: no password
 * @param checkinInterval how often a node checks in; a node silent for longer (+ 7.5 s) is taken for dead
 */
public record ClusterSettings(String jdbcUrl, String user, Optional<Path> passwordFile, Duration checkinInterval) {

    static final Setting JDBC_URL = Setting.text("strata.cluster.jdbc-url", "",
            "PostgreSQL shared by all instances (jdbc:postgresql://host:5432/db); empty: one instance, in memory");
    static final Setting USER = Setting.text("strata.cluster.user", "strata", "User for strata.cluster.jdbc-url");
    static final Setting PASSWORD_FILE = Setting.text("strata.cluster.password-file", "",
            "File holding that user's password (never logged); empty: no password");
    static final Setting CHECKIN_INTERVAL = Setting.duration("strata.cluster.checkin-interval", "15s",
            "How often a node checks in; a dead node's schedules and runs move on within this + 7.5 s");

    /** What the cluster reads. */
    public static final List<Setting> SETTINGS = List.of(JDBC_URL, USER, PASSWORD_FILE, CHECKIN_INTERVAL);

    /** Empty unless {@code strata.cluster.jdbc-url} is set. */
    public static Optional<ClusterSettings> from(Properties p) {
        String url = JDBC_URL.text(p).trim();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new SettingsException("strata.cluster.jdbc-url must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://db:5432/strata, not '" + url + "'");
        }
        Duration checkin = CHECKIN_INTERVAL.duration(p);
        if (checkin.toMillis() < 1000) {
            throw new SettingsException("strata.cluster.checkin-interval must be at least 1s, not " + checkin);
        }
        String file = PASSWORD_FILE.text(p).trim();
        return Optional.of(new ClusterSettings(url, USER.text(p).trim(),
                file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)), checkin));
    }

    /** The password, read now from {@link #passwordFile}; empty when none is set. */
    String password() {
        if (passwordFile.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(passwordFile.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SettingsException("Cannot read strata.cluster.password-file " + passwordFile.get() + ": "
                    + e.getMessage(), e);
        }
    }
}
