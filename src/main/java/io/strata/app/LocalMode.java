package io.strata.app;

import io.strata.config.Setting;
import io.strata.config.SettingsException;
import io.strata.local.LocalAws;
import io.strata.local.LocalDataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Local mode ({@code strata demo}, {@code strata.local=true}): the embedded DynamoDB Local and S3
 * server, which only {@code ./strata} adds to the classpath in that mode; production never loads them.
 * Their tables and vault live in {@code strata.local.data-dir}, so that every local command (and the demo)
 * sees what the last one made; one process at a time holds that folder.
 */
final class LocalMode implements AutoCloseable {

    static final Setting DATA_DIR = Setting.text("strata.local.data-dir", "./.strata-local",
            "Local mode's DynamoDB tables and S3 vault, kept between commands; one local command at a time uses it");
    /** The vault of local mode when strata.vault.bucket is not set: the demo's, so that list shows what it made. */
    static final String DEFAULT_BUCKET = "strata-demo-vault";
    static final List<Setting> SETTINGS = List.of(DATA_DIR);

    private final LocalDataDir dataDir;
    private final LocalAws aws;

    private LocalMode(LocalDataDir dataDir, LocalAws aws) {
        this.dataDir = dataDir;
        this.aws = aws;
    }

    static LocalMode start(Properties properties) {
        try {
            Class.forName("com.adobe.testing.s3mock.S3MockApplication");
            Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
        } catch (ClassNotFoundException e) {
            throw new SettingsException("Local mode (strata demo, strata.local=true) needs the embedded DynamoDB Local "
                    + "and S3 server on the classpath: ./strata in a checkout adds them; the Docker image has none "
                    + "(point it at AWS, or at an emulator with strata.aws.endpoint)", e);
        }
        LocalDataDir dataDir = lock(Path.of(DATA_DIR.text(properties)));
        try {
            return new LocalMode(dataDir, LocalAws.start(dataDir.folder()));
        } catch (RuntimeException e) {
            closeQuietly(dataDir);
            throw e;
        }
    }

    private static LocalDataDir lock(Path folder) {
        try {
            return LocalDataDir.lock(folder, DATA_DIR.key());
        } catch (LocalDataDir.LocalDataDirBusy e) {
            throw new SettingsException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + DATA_DIR.key() + " " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The endpoints of the embedded services, layered over every other setting, and the demo's vault by default. */
    Map<String, String> settings(Properties properties) {
        Map<String, String> settings = new HashMap<>(aws.settings());
        if (properties.getProperty("strata.vault.bucket", "").isBlank()) {
            settings.put("strata.vault.bucket", DEFAULT_BUCKET);
        }
        return settings;
    }

    @Override
    public void close() {
        try {
            aws.close();
        } finally {
            closeQuietly(dataDir);
        }
    }

    private static void closeQuietly(LocalDataDir dataDir) {
        try {
            dataDir.close();
        } catch (IOException e) {
            // the lock ends with the process anyway
        }
    }
}
