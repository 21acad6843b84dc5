package io.strata.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds AWS SDK clients: the default credential chain and region unless
 * {@code strata.aws.endpoint} (or a per-service endpoint) points elsewhere. Clients are built once
 * and closed by {@link #close()}.
 */
public final class AwsClients implements AutoCloseable {

    /** Credentials for the embedded services of local mode (DynamoDB Local accepts letters and digits). */
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("strataLocal", "strataLocal"));

    private final StrataSettings settings;
    private final Region region;
    private final List<ExecutionInterceptor> interceptors;
    private final AwsRetry retry;
    private final List<AutoCloseable> built = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    private SqsClient sqs;
    private KmsClient kms;
    private final Map<Region, RdsClient> rds = new HashMap<>();
    private final Map<Region, Ec2Client> ec2 = new HashMap<>();
    private final Map<Region, S3Client> regionalS3 = new HashMap<>();

    public AwsClients(StrataSettings settings) {
        this(settings, List.of());
    }

    /**
     * {@code interceptors} go on every client: a service's own (DynamoDB's raw Scan items, chosen by the
     * composition), or in tests documented AWS behaviour an emulator lacks.
     */
    public AwsClients(StrataSettings settings, List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        this.interceptors = List.copyOf(interceptors);
        this.region = resolveRegion(settings);
        this.retry = AwsRetry.from(settings.properties());
    }

    public Region region() {
        return region;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = track(configure(DynamoDbClient.builder(), "dynamodb").build());
        }
        return dynamoDb;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = buildS3(region);
        }
        return s3;
    }

    /** S3 signing for another region: a second vault there (CopyObject goes to the destination's region). */
    public synchronized S3Client s3(Region in) {
        return in.equals(region) ? s3() : regionalS3.computeIfAbsent(in, this::buildS3);
    }

    /**
     * Cross-region access: a bucket in another region (a second vault named as s3://bucket/…) is
     * reached by following S3's 301 redirect, which names the bucket's region, instead of failing.
     */
    private S3Client buildS3(Region in) {
        var builder = configure(S3Client.builder(), "s3").region(in).crossRegionAccessEnabled(true);
        // Emulators (S3Mock, MinIO, LocalStack) address buckets by path, not by host name.
        builder.forcePathStyle(settings.endpointFor("s3").isPresent());
        return track(builder.build());
    }

    /** SQS (S3 event notifications of the request prefix); endpoint key strata.aws.endpoint.sqs. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = track(configure(SqsClient.builder(), "sqs").build());
        }
        return sqs;
    }

    /** KMS (the catalog's MAC, strata.vault.signing-key); endpoint key strata.aws.endpoint.kms. Built at first use. */
    public synchronized KmsClient kms() {
        if (kms == null) {
            kms = track(configure(KmsClient.builder(), "kms").build());
        }
        return kms;
    }

    /** RDS in the home region (snapshots) or another one (copies go to their destination region). */
    public synchronized RdsClient rds(Region in) {
        return rds.computeIfAbsent(in, this::buildRds);
    }

    public synchronized Ec2Client ec2(Region in) {
        return ec2.computeIfAbsent(in, this::buildEc2);
    }

    private RdsClient buildRds(Region in) {
        return track(configure(RdsClient.builder(), "rds").region(in).build());
    }

    private Ec2Client buildEc2(Region in) {
        return track(configure(Ec2Client.builder(), "ec2").region(in).build());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region);
        settings.endpointFor(service).ifPresent(builder::endpointOverride);
        AwsCredentialsProvider credentials = settings.local() ? LOCAL_CREDENTIALS : CredentialsChain.standard();
        builder.credentialsProvider(credentials);
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(new EndpointHint(settings, service));
        // The SDK presigns cross-region copies for AWS's own endpoint of the source region; behind an
        // override that endpoint is the override.
        settings.endpointFor(service).ifPresent(endpoint -> all.add(new PresignAtOverride(endpoint, credentials)));
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .executionInterceptors(all)
                .apiCallAttemptTimeout(Duration.ofMinutes(2))
                .retryStrategy(retry.strategy())
                .build());
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(ApacheHttpClient.builder().maxConnections(128));
        }
        return builder;
    }

    private <T extends AutoCloseable> T track(T client) {
        built.add(client);
        return client;
    }

    private static Region resolveRegion(StrataSettings settings) {
        if (!settings.region().isBlank()) {
            return Region.of(settings.region());
        }
        if (settings.endpoint().isPresent() || settings.local()) {
            return Region.US_EAST_1;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            throw new SettingsException("No AWS region: set strata.aws.region or AWS_REGION", e);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception e) {
                // closing is best effort; nothing is left to flush in an SDK client
            }
        }
        built.clear();
    }
}
