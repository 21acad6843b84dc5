package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsCheck;
import io.strata.config.SettingsKeys;
import io.strata.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker/compose.yaml} cannot run here (no Docker): it parses, its two replicas share one PostgreSQL,
 * and every {@code STRATA_*} variable it sets is a setting Strata declares, loaded as Strata loads them.
 */
class ComposeFileTest {

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileParsesAndItsReplicasUseDeclaredSettingsOnly() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        // SnakeYAML, as Docker Compose, resolves the replicas' `<<: *strata` merge key (snakeyaml-engine does not).
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("postgres", "localstack", "strata-1", "strata-2")), services.keySet().toString());
        String localstack = String.valueOf(((Map<String, Object>) services.get("localstack")).get("environment"));
        for (String service : List.of("dynamodb", "s3", "ec2", "rds", "sqs")) {
            assertTrue(localstack.contains(service), localstack);
        }

        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get("strata-1")).get("environment");
        assertEquals(environment, ((Map<String, Object>) services.get("strata-2")).get("environment"), "one configuration");
        Map<String, String> variables = new TreeMap<>();
        environment.forEach((name, value) -> variables.put(name, String.valueOf(value)));
        SettingsKeys keys = Services.settings();
        SettingsLoader loader = new SettingsLoader(keys, variables, new Properties());
        Properties loaded = loader.load(Path.of("."), null);
        new SettingsCheck(keys).check(loaded, loader.origins()); // an undeclared STRATA_ variable fails here, naming it
        assertEquals("http://localstack:4566", loaded.getProperty("strata.aws.endpoint"));
        assertEquals("jdbc:postgresql://postgres:5432/strata", loaded.getProperty("strata.cluster.jdbc-url"));
        assertTrue(ClusterSettings.from(loaded).isPresent());
    }
}
