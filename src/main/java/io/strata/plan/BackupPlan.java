package io.strata.plan;

import java.util.List;

/** A named plan: when it runs (Quartz cron) and what it backs up. */
public record BackupPlan(String name, String cron, List<ResourceSelector> resources) {

    public BackupPlan {
        resources = List.copyOf(resources);
    }

    /** The cron as a Quartz endpoint URI wants it: '+' for the spaces. */
    public String cronForUri() {
        return cron.trim().replaceAll("\\s+", "+");
    }
}
