package io.strata.dynamodb;

import io.strata.run.ResourceOutcome;
import io.strata.run.ResourceRef;
import io.strata.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** What {@code direct:backup-dynamodb} calls: one table to one committed recovery point. */
public final class DynamoDbBackup {

    private final TableExporter exporter;

    public DynamoDbBackup(TableExporter exporter) {
        this.exporter = exporter;
    }

    public ResourceOutcome backup(ResourceRef resource) {
        if (resource.problem() != null) {
            throw new IllegalArgumentException(resource.problem());
        }
        Instant start = Instant.now();
        try (var runId = MDC.putCloseable("runId", resource.runId());
             var id = MDC.putCloseable("resource", resource.id())) {
            RecoveryPoint point = exporter.export(resource.name(), resource.plan());
            return new ResourceOutcome(resource.id(), true, point.key(), point.itemCount(), point.bytes(),
                    Duration.between(start, Instant.now()).toMillis() / 1000.0, null);
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("table " + resource.name() + " not found", e);
        }
    }
}
