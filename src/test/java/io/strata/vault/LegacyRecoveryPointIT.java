package io.strata.vault;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.plan.ResourceSelector;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.text.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A recovery point as the first release wrote it — folder without a suffix, mode "logical", no
 * service section — still lists, verifies and restores through the service registry.
 */
class LegacyRecoveryPointIT {

    @Test
    void aRecoveryPointWrittenBeforeServicesListsVerifiesAndRestores() throws Exception {
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"));
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            String table = TestAws.unique("legacy");
            Tables.create(clients.dynamoDb(), table);
            Tables.put(clients.dynamoDb(), table, IntStream.range(0, 120).mapToObj(i -> Tables.simple("p" + i % 3, i, "v")).toList());
            RecoveryPoint current = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                    "us-east-1").export(table, "nightly");
            String legacy = current.key().replaceFirst("-[0-9a-f]{8}/$", "/");
            copyAsLegacy(clients, vault.bucket(), current.key(), legacy);
            deleteAll(clients, vault.bucket(), current.key());
            ServiceRegistry services = Services.registry(clients, vault, settings, Clock.systemUTC(), new StopSignal());

            List<RecoveryPoint> listed = vault.list(p -> services.matches(p, ResourceSelector.parse("dynamodb:" + table)))
                    .points();
            assertEquals(List.of(legacy), listed.stream().map(RecoveryPoint::key).toList());
            RecoveryPoint point = listed.get(0);
            assertEquals("logical", point.mode());
            assertTrue(services.of(point).verify(vault, point).ok(), services.of(point).verify(vault, point).problems()
                    .toString());
            String restored = services.of(point).restore(vault, point, new RestoreRequest(table + "-restored", Map.of()));

            assertTrue(restored.startsWith("Restored 120 items into " + table + "-restored"), restored);
            assertEquals(120, Tables.scanAll(clients.dynamoDb(), table + "-restored").size());
        }
    }

    /** Copies every object under {@code from} to {@code to}, rewriting keys inside the JSON, in the old descriptor form. */
    private static void copyAsLegacy(AwsClients clients, String bucket, String from, String to) throws Exception {
        for (S3Object object : clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(from)).contents()) {
            byte[] bytes = clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray();
            String key = to + object.key().substring(from.length());
            if (key.endsWith(".json")) {
                String text = new String(bytes, StandardCharsets.UTF_8).replace(from, to);
                if (key.endsWith(RecoveryPointKey.DESCRIPTOR)) {
                    ObjectNode descriptor = (ObjectNode) Json.MAPPER.readTree(text);
                    descriptor.remove("details");
                    descriptor.put("mode", "logical");
                    text = Json.MAPPER.writeValueAsString(descriptor);
                }
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
            byte[] body = bytes;
            clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
        }
    }

    private static void deleteAll(AwsClients clients, String bucket, String prefix) {
        for (S3Object object : clients.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            clients.s3().deleteObject(r -> r.bucket(bucket).key(object.key()));
        }
    }
}
