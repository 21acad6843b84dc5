package io.strata.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;

/**
 * S3Mock 5.2.0 has no bucket default-encryption and no public-access-block API: a GET of either
 * is answered as a ListObjects (an empty configuration), a PUT as a CreateBucket (409). This
 * decorator keeps both configurations per bucket in memory and answers as AWS does, 404
 * {@code ServerSideEncryptionConfigurationNotFoundError} / {@code NoSuchPublicAccessBlockConfiguration}
 * when none was put. The bucket reads {@code BucketProtections} makes that S3Mock has (versioning,
 * Object Lock, lifecycle) go to S3Mock; any other call fails (S3Client's defaults).
 */
public final class BucketSettingsS3 implements S3Client {

    private final S3Client s3Mock;
    private final Map<String, ServerSideEncryptionConfiguration> encryption = new ConcurrentHashMap<>();
    private final Map<String, PublicAccessBlockConfiguration> publicAccessBlocks = new ConcurrentHashMap<>();

    public BucketSettingsS3(S3Client s3Mock) {
        this.s3Mock = s3Mock;
    }

    @Override
    public GetBucketEncryptionResponse getBucketEncryption(GetBucketEncryptionRequest request) {
        ServerSideEncryptionConfiguration configuration = encryption.get(request.bucket());
        if (configuration == null) {
            throw notFound("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found");
        }
        return GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(configuration).build();
    }

    @Override
    public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest request) {
        encryption.put(request.bucket(), request.serverSideEncryptionConfiguration());
        return PutBucketEncryptionResponse.builder().build();
    }

    @Override
    public GetPublicAccessBlockResponse getPublicAccessBlock(GetPublicAccessBlockRequest request) {
        PublicAccessBlockConfiguration configuration = publicAccessBlocks.get(request.bucket());
        if (configuration == null) {
            throw notFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
        }
        return GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(configuration).build();
    }

    @Override
    public PutPublicAccessBlockResponse putPublicAccessBlock(PutPublicAccessBlockRequest request) {
        publicAccessBlocks.put(request.bucket(), request.publicAccessBlockConfiguration());
        return PutPublicAccessBlockResponse.builder().build();
    }

    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
        return s3Mock.getBucketVersioning(request);
    }

    @Override
    public GetObjectLockConfigurationResponse getObjectLockConfiguration(GetObjectLockConfigurationRequest request) {
        return s3Mock.getObjectLockConfiguration(request);
    }

    @Override
    public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(GetBucketLifecycleConfigurationRequest request) {
        return s3Mock.getBucketLifecycleConfiguration(request);
    }

    @Override
    public String serviceName() {
        return S3Client.SERVICE_NAME;
    }

    @Override
    public void close() {
        // the S3Mock client belongs to its creator
    }

    private static S3Exception notFound(String code, String message) {
        return S3Errors.of(404, code, message);
    }
}
