package io.strata.service;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import java.util.List;
import java.util.Properties;

/**
 * {@code strata.plan.<plan>.copy-to-region}: the regions a plan copies its snapshots to. Declared
 * once here and read by each service that copies snapshots (RDS, EC2), each declaring it among its own.
 */
public final class CopyToRegion {

    public static final Setting SETTING = Setting.planAttribute("copy-to-region", "", SettingType.REGIONS,
            "Regions each snapshot of the plan is copied to (RDS, EC2)");

    private CopyToRegion() {
    }

    /** The plan's regions, none outside a plan; {@code home} (where snapshots are taken) is refused. */
    public static List<String> regions(Properties p, String plan, String home) {
        if (plan == null) {
            return List.of();
        }
        String key = SETTING.key(plan);
        List<String> regions = SettingValues.regions(p, key);
        for (String region : regions) {
            if (region.equals(home)) {
                throw new SettingsException(key + " names " + region + ", the region the snapshot is taken in");
            }
        }
        return regions;
    }
}
