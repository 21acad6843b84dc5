package io.strata.plan;

import io.strata.config.SettingsException;
import io.strata.config.Setting;
import io.strata.config.SettingType;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Discovers the plans declared as {@code strata.plan.<name>.cron} and
 * {@code strata.plan.<name>.resources} and validates them, failing fast with the key and the
 * bad value so that a typo never becomes a plan that silently never runs.
 */
public final class PlanCatalog {

    // Service attributes (rds.export) hold one dot.
    private static final Pattern PLAN_KEY = Pattern.compile("strata\\.plan\\.([a-zA-Z0-9_-]+)\\.([a-z-]+(?:\\.[a-z-]+)?)");

    static final Setting CRON = Setting.planAttribute("cron", "", SettingType.described("Quartz cron, seconds first"),
            "When the plan runs, in strata.schedule.time-zone; its fields are range-checked");
    public static final Setting RESOURCES = Setting.planAttribute("resources", "", SettingType.described("comma-separated selectors"),
            "What the plan backs up: dynamodb:…, rds:…, ec2:… selectors");

    /** What a plan is: a schedule and the resources it selects; the zone its crons are read in. */
    public static final List<Setting> SETTINGS = List.of(CRON, RESOURCES, ScheduleZone.SETTING);

    private final Map<String, BackupPlan> plans;
    private final ScheduleZone zone;

    private PlanCatalog(Map<String, BackupPlan> plans, ScheduleZone zone) {
        this.plans = plans;
        this.zone = zone;
    }

    /**
     * @param selectors parses and checks one selector against its service's syntax (the services'
     *                  registry knows them; this package does not)
     */
    public static PlanCatalog from(Properties properties, Function<String, ResourceSelector> selectors) {
        Map<String, Map<String, String>> attributes = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            // Unknown attributes (a typo such as strata.plan.nightly.retension) were refused by the settings check.
            Matcher matcher = PLAN_KEY.matcher(key);
            if (matcher.matches()) {
                attributes.computeIfAbsent(matcher.group(1), n -> new TreeMap<>())
                        .put(matcher.group(2), properties.getProperty(key).trim());
            }
        }
        ScheduleZone zone = ScheduleZone.from(properties);
        Map<String, BackupPlan> plans = new TreeMap<>();
        attributes.forEach((name, values) -> plans.put(name, plan(name, values, selectors)));
        return new PlanCatalog(plans, zone);
    }

    private static BackupPlan plan(String name, Map<String, String> values,
                                   Function<String, ResourceSelector> parser) {
        String prefix = "strata.plan." + name + ".";
        String cron = values.get("cron");
        if (cron == null || cron.isBlank()) {
            throw new SettingsException(prefix + "cron is missing: plan '" + name + "' needs a Quartz cron, e.g. 0 0 2 * * ?");
        }
        checkCron(prefix + "cron", cron);
        String resources = values.getOrDefault("resources", "");
        if (resources.isBlank()) {
            throw new SettingsException(prefix + "resources is missing: plan '" + name + "' selects no resource");
        }
        List<ResourceSelector> selectors = new ArrayList<>();
        for (String text : Arrays.stream(resources.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            try {
                selectors.add(parser.apply(text));
            } catch (IllegalArgumentException e) {
                throw new SettingsException("Invalid selector in " + prefix + "resources = '" + resources + "': "
                        + e.getMessage(), e);
            }
        }
        return new BackupPlan(name, cron, selectors);
    }

    /** Fails naming the key unless {@code cron} is a Quartz cron whose every field is in range. */
    public static String checkCron(String key, String cron) {
        try {
            CronExpression.validateExpression(cron);
            // Quartz parses '0 0 99 * * ?' and then fires it every hour: check the ranges it skips.
            CronFields.check(cron);
            return cron;
        } catch (ParseException | IllegalArgumentException e) {
            throw new SettingsException("Invalid cron in " + key + " = '" + cron + "': " + e.getMessage()
                    + " (Quartz format: seconds minutes hours day-of-month month day-of-week [year])", e);
        }
    }

    /** The zone every cron (the plans' and the archive pass's) is read in. */
    public ScheduleZone zone() {
        return zone;
    }

    public List<BackupPlan> plans() {
        return List.copyOf(plans.values());
    }

    public Optional<BackupPlan> find(String name) {
        return Optional.ofNullable(plans.get(name));
    }

    public BackupPlan require(String name) {
        return find(name).orElseThrow(() -> new SettingsException("No plan named '" + name + "' (known: "
                + String.join(", ", plans.keySet()) + ")"));
    }
}
