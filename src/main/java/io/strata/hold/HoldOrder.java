package io.strata.hold;

/**
 * A hold or release as asked, whoever asks ({@code strata hold}, a request file, JMX).
 *
 * @param recoveryPoint as {@code strata list} prints it
 * @param reason        why (required to hold; ignored on release)
 * @param origin        {@code cli}, {@code jmx}, {@code request <file>}: recorded in the hold
 */
public record HoldOrder(String recoveryPoint, String reason, String origin) {
}
