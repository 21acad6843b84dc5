package io.strata.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.monitor.AuditControl;
import io.strata.monitor.ResourceState;
import io.strata.monitor.Verification;
import io.strata.vault.RecoveryPoint;

/** {@code status} and {@code audit} for a script: the shapes of README "Output", field by field. */
final class MonitorJson {

    private MonitorJson() {
    }

    static ObjectNode status(StatusResult result) {
        ObjectNode root = JsonOutput.object().put("ok", result.ok()).put("asOf", Times.iso(result.asOf()));
        ArrayNode resources = root.putArray("resources");
        for (ResourceState state : result.resources()) {
            ObjectNode resource = resources.addObject().put("resource", state.resource()).put("plan", state.plan())
                    .put("status", state.status().name()).put("reason", state.reason())
                    .put("freshnessSeconds", state.freshness().toSeconds());
            RecoveryPoint point = state.newest();
            if (point == null) {
                resource.putNull("newest");
            } else {
                resource.putObject("newest").put("recoveryPoint", point.key()).put("mode", point.mode())
                        .put("storage", state.storage()).put("startedAt", Times.iso(point.startedAt()))
                        .put("finishedAt", Times.iso(point.finishedAt()))
                        .put("ageSeconds", state.age() == null ? null : state.age().toSeconds())
                        .put("held", state.held());
            }
            check(resource, "lastVerification", state.lastVerification());
            check(resource, "lastRestoreTest", state.lastRestoreTest());
        }
        return root;
    }

    private static void check(ObjectNode parent, String field, Verification record) {
        if (record == null) {
            parent.putNull(field);
            return;
        }
        parent.putObject(field).put("kind", record.kind()).put("recoveryPoint", record.recoveryPoint()).put("status", record.status().name())
                .put("ok", record.ok()).put("startedAt", Times.iso(record.startedAt()))
                .put("finishedAt", Times.iso(record.finishedAt())).put("reason", record.reason())
                .put("notRead", record.notRead());
    }

    static ObjectNode audit(AuditResult result) {
        ObjectNode root = JsonOutput.object().put("ok", result.ok()).put("asOf", Times.iso(result.asOf()));
        ArrayNode controls = root.putArray("controls");
        for (AuditControl control : result.controls()) {
            controls.addObject().put("control", control.control()).put("plan", control.plan())
                    .put("result", control.pass() ? "PASS" : "FAIL").put("reason", control.reason());
        }
        return root;
    }
}
