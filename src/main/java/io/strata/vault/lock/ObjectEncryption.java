package io.strata.vault.lock;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Server-side encryption every object Strata writes carries: SSE-S3 (AES256) or SSE-KMS. */
public record ObjectEncryption(String algorithm, String kmsKeyId) {

    public static ObjectEncryption of(String algorithm, String kmsKeyId) {
        return new ObjectEncryption(algorithm, kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId);
    }

    private boolean kms() {
        return ServerSideEncryption.AWS_KMS.toString().equals(algorithm);
    }

    public PutObjectRequest.Builder apply(PutObjectRequest.Builder request) {
        request.serverSideEncryption(algorithm);
        if (kms() && kmsKeyId != null) {
            request.ssekmsKeyId(kmsKeyId);
        }
        return request;
    }

    public CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder request) {
        request.serverSideEncryption(algorithm);
        if (kms() && kmsKeyId != null) {
            request.ssekmsKeyId(kmsKeyId);
        }
        return request;
    }

    /** A copy (a tier change in place) is encrypted anew only with what the request re-states. */
    public CopyObjectRequest.Builder apply(CopyObjectRequest.Builder request) {
        request.serverSideEncryption(algorithm);
        if (kms() && kmsKeyId != null) {
            request.ssekmsKeyId(kmsKeyId);
        }
        return request;
    }
}
