package io.strata.config;

import java.util.List;

/**
 * The documented settings (DESIGN.md, "Contracts → Settings"), the one list of them: environment
 * variables reach these keys even when no properties file mentions them.
 */
public final class SettingsKeys {

    /** Every documented key outside the plans. */
    public static final List<String> GLOBAL = List.of(
            "strata.aws.region",
            "strata.aws.endpoint",
            "strata.aws.endpoint.dynamodb",
            "strata.aws.endpoint.s3",
            "strata.aws.endpoint.ec2",
            "strata.aws.endpoint.rds",
            "strata.aws.endpoint.sqs",
            "strata.aws.endpoint.sns",
            "strata.aws.endpoint.kms",
            AwsRetry.MAX_ATTEMPTS,
            AwsRetry.MAX_BACKOFF,
            "strata.local",
            "strata.vault.bucket",
            "strata.vault.prefix",
            "strata.vault.sse",
            "strata.vault.kms-key-id",
            "strata.vault.create-bucket",
            "strata.vault.lock-mode",
            "strata.vault.lock-days",
            "strata.vault.require",
            "strata.vault.part-size-mib",
            "strata.vault.signing-key",
            "strata.dynamodb.segments",
            "strata.dynamodb.read-rate",
            "strata.dynamodb.scan-page-size",
            "strata.dynamodb.writers",
            "strata.dynamodb.max-write-attempts",
            "strata.rds.poll-interval",
            "strata.rds.snapshot-timeout",
            "strata.rds.export-timeout",
            "strata.rds.restore-timeout",
            "strata.rds.snapshot-quota",
            "strata.rds.snapshot-quota-margin",
            "strata.rds.max-concurrent-copies",
            "strata.rds.throttle-attempts",
            "strata.rds.throttle-base",
            "strata.rds.export-role-arn",
            "strata.rds.export-kms-key-id",
            "strata.ec2.exclude-boot-volume",
            "strata.ec2.create-image",
            "strata.ec2.reboot",
            "strata.ec2.max-concurrent-copies",
            "strata.ec2.poll-interval-ms",
            "strata.ec2.timeout-minutes",
            "strata.ec2.retry-base-ms",
            "strata.ec2.attempts",
            "strata.schedule.time-zone",
            "strata.archive.cron",
            "strata.archive.restore-poll-interval",
            "strata.archive.restore-timeout",
            "strata.verify.cron",
            "strata.requests.bucket",
            "strata.requests.prefix",
            "strata.requests.sqs-queue-url",
            "strata.requests.state-dir",
            "strata.requests.poll-interval",
            "strata.inbox",
            "strata.http.port",
            "strata.notify.sns-topic-arn",
            "strata.cluster.jdbc-url");

    /** Every documented attribute of a plan: {@code strata.plan.<name>.<attribute>}. */
    public static final List<String> PLAN_ATTRIBUTES = List.of(
            "cron",
            "resources",
            "retention",
            "tiering",
            "tiering-mode",
            "tiering-min-size",
            "allow-early-delete",
            "copy-to-region",
            "copy-to-vault",
            "freshness",
            "restore-test",
            "dynamodb.mode",
            "dynamodb.incremental",
            "dynamodb.ensure-pitr",
            "rds.export");

    public static final String PLAN_PREFIX = "strata.plan.";

    private SettingsKeys() {
    }
}
