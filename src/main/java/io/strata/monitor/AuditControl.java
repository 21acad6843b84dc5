package io.strata.monitor;

/**
 * One control of {@code strata audit}, PASS or FAIL with the reason either way.
 *
 * @param plan    the plan it was checked for; null for a control of the vault itself
 * @param control {@code backup-frequency}, {@code retention}, {@code encryption}, {@code second-copy},
 *                {@code restore-test}, {@code vault-protection}
 */
public record AuditControl(String plan, String control, boolean pass, String reason) {

    public static AuditControl pass(String plan, String control, String reason) {
        return new AuditControl(plan, control, true, reason);
    }

    public static AuditControl fail(String plan, String control, String reason) {
        return new AuditControl(plan, control, false, reason);
    }
}
