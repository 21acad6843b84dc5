package io.strata.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;

/**
 * On AWS a multipart upload is encrypted as its CreateMultipartUpload said; CompleteMultipartUpload
 * takes no encryption headers. S3Mock 5.2.0 stores the completed object with the encryption
 * headers of the CompleteMultipartUpload request instead, so every multipart object comes out
 * unencrypted there. This interceptor re-sends, on the Complete request, exactly the
 * {@code x-amz-server-side-encryption*} headers the client stated when it created that upload (and
 * nothing when it stated none), so that a HEAD shows what AWS would keep.
 */
public final class MultipartUploadEncryption implements ExecutionInterceptor {

    private final Map<String, Map<String, String>> created = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof CreateMultipartUploadRequest create
                && context.response() instanceof CreateMultipartUploadResponse started) {
            Map<String, String> headers = new java.util.HashMap<>();
            if (create.serverSideEncryptionAsString() != null) {
                headers.put("x-amz-server-side-encryption", create.serverSideEncryptionAsString());
            }
            if (create.ssekmsKeyId() != null) {
                headers.put("x-amz-server-side-encryption-aws-kms-key-id", create.ssekmsKeyId());
            }
            created.put(started.uploadId(), headers);
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof CompleteMultipartUploadRequest complete) {
            Map<String, String> headers = created.remove(complete.uploadId());
            if (headers != null && !headers.isEmpty()) {
                SdkHttpRequest.Builder request = context.httpRequest().toBuilder();
                headers.forEach(request::putHeader);
                return request.build();
            }
        }
        return context.httpRequest();
    }
}
