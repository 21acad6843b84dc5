package io.strata.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds AWS SDK clients: the default credential chain and region unless
 * {@code strata.aws.endpoint} (or a per-service endpoint) points elsewhere. Each client is built on
 * its first use, once (a command pays only for the services it calls: {@code list} never loads the
 * EC2 or RDS SDK), and closed by {@link #close()}.
 */
public final class AwsClients implements AutoCloseable {

    /**
     * Which HTTP client the SDK clients use. {@code POOLED}: each its own Apache HttpClient pool (128
     * connections), for long work. {@code SHORT}: one JDK {@code HttpURLConnection} client shared by all,
     * for short read-only commands ({@code list}, {@code status}, …): Apache's 300-odd classes and a
     * connection manager per client cost such a command more start-up CPU than its few requests gain.
     */
    public enum Http { POOLED, SHORT }

    /** Idle connections the JDK keeps per host (its default is 5): one for each descriptor read in flight. */
    private static final int KEEP_ALIVE = 32;

    /** Credentials for the embedded services of local mode (DynamoDB Local accepts letters and digits). */
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("strataLocal", "strataLocal"));

    private final StrataSettings settings;
    private final Region region;
    private final List<ExecutionInterceptor> interceptors;
    private final AwsRetry retry;
    private final Http http;
    /** The HTTP client every SDK client shares under {@link Http#SHORT}; closed after them. */
    private final Memo<SdkHttpClient> sharedHttp = new Memo<>(AwsClients::urlConnection);
    /** Every client this object can build, by service and region ("s3 us-east-1"), in the order first asked for. */
    private final Map<String, Memo<? extends SdkClient>> clients = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();

    public AwsClients(StrataSettings settings) {
        this(settings, List.of());
    }

    /**
     * {@code interceptors} go on every client: a service's own (DynamoDB's raw Scan items, chosen by the
     * composition), or in tests documented AWS behaviour an emulator lacks.
     */
    public AwsClients(StrataSettings settings, List<ExecutionInterceptor> interceptors) {
        this(settings, interceptors, Http.POOLED);
    }

    public AwsClients(StrataSettings settings, List<ExecutionInterceptor> interceptors, Http http) {
        this.settings = settings;
        this.http = http;
        this.interceptors = List.copyOf(interceptors);
        this.region = resolveRegion(settings);
        this.retry = AwsRetry.from(settings.properties());
    }

    public Region region() {
        return region;
    }

    public DynamoDbClient dynamoDb() {
        return client("dynamodb", region, in -> configure(DynamoDbClient.builder(), "dynamodb").build());
    }

    public S3Client s3() {
        return s3(region);
    }

    /** S3 signing for another region: a second vault there (CopyObject goes to the destination's region). */
    public S3Client s3(Region in) {
        return client("s3", in, this::buildS3);
    }

    /** SQS (S3 event notifications of the request prefix); endpoint key strata.aws.endpoint.sqs. */
    public SqsClient sqs() {
        return client("sqs", region, in -> configure(SqsClient.builder(), "sqs").build());
    }

    /** KMS (the catalog's MAC, strata.vault.signing-key); endpoint key strata.aws.endpoint.kms. */
    public KmsClient kms() {
        return client("kms", region, in -> configure(KmsClient.builder(), "kms").build());
    }

    /** SNS (notifications, strata.notify.sns-topic-arn); endpoint key strata.aws.endpoint.sns. */
    public SnsClient sns() {
        return client("sns", region, in -> configure(SnsClient.builder(), "sns").build());
    }

    /** RDS in the home region (snapshots) or another one (copies go to their destination region). */
    public RdsClient rds(Region in) {
        return client("rds", in, at -> configure(RdsClient.builder(), "rds").region(at).build());
    }

    public Ec2Client ec2(Region in) {
        return client("ec2", in, at -> configure(Ec2Client.builder(), "ec2").region(at).build());
    }

    /**
     * The clients built so far ("s3 us-east-1", …), first built first: each is built on first use, so
     * a command that never calls a service never loads its SDK.
     */
    public List<String> built() {
        return order.stream().filter(name -> clients.get(name).ifMade().isPresent()).toList();
    }

    /** The one client of {@code service} in {@code in}, built by the first caller; the others wait for it. */
    @SuppressWarnings("unchecked")
    private <C extends SdkClient> C client(String service, Region in, Function<Region, C> build) {
        String name = service + " " + in.id();
        Memo<C> memo = (Memo<C>) clients.computeIfAbsent(name, key -> {
            order.add(key);
            return new Memo<>(() -> build.apply(in));
        });
        return memo.get();
    }

    /**
     * Cross-region access: a bucket in another region (a second vault named as s3://bucket/…) is
     * reached by following S3's 301 redirect, which names the bucket's region, instead of failing.
     */
    private S3Client buildS3(Region in) {
        var builder = configure(S3Client.builder(), "s3").region(in).crossRegionAccessEnabled(true);
        // Emulators (S3Mock, MinIO, LocalStack) address buckets by path, not by host name.
        builder.forcePathStyle(settings.endpointFor("s3").isPresent());
        return builder.build();
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
            if (http == Http.SHORT) {
                sync.httpClient(sharedHttp.get());
            } else {
                sync.httpClientBuilder(ApacheHttpClient.builder().maxConnections(128));
            }
        }
        return builder;
    }

    /**
     * The SDK's URL-connection client with the proxy settings Apache's has by default (http.proxyHost and
     * HTTP_PROXY, their non-proxy hosts), and the same timeouts (the SDK's defaults for both).
     */
    private static SdkHttpClient urlConnection() {
        // Read by the JDK at its first kept connection; a user's own value wins.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(KEEP_ALIVE));
        }
        return UrlConnectionHttpClient.builder().proxyConfiguration(ProxyConfiguration.builder().build()).build();
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
    public void close() {
        for (Memo<? extends SdkClient> memo : clients.values()) {
            memo.ifMade().ifPresent(client -> {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    // closing is best effort; nothing is left to flush in an SDK client
                }
            });
        }
        clients.clear();
        order.clear();
        sharedHttp.ifMade().ifPresent(SdkHttpClient::close);
    }
}
