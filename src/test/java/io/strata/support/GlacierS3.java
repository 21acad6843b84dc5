package io.strata.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;

/**
 * The archive behaviour of S3 that S3Mock 5.2.0 lacks, added to an SDK client exactly as AWS
 * documents it (S3 API reference: GetObject, HeadObject, RestoreObject). S3Mock keeps and reports
 * storage classes (put, copy in place, ListObjectsV2, {@code x-amz-storage-class} on GetObject and
 * HeadObject), but it serves GetObject of GLACIER and DEEP_ARCHIVE objects and answers RestoreObject
 * with a 400 (not implemented; checked). This interceptor decides by the storage class S3Mock
 * reports for the object and keeps the restore state per object:
 * <ul>
 *   <li>GetObject of a GLACIER or DEEP_ARCHIVE object without a restored copy: 403 {@code InvalidObjectState}
 *       (the SDK's {@code InvalidObjectStateException}), as AWS answers;</li>
 *   <li>RestoreObject never reaches S3Mock (it goes as a HEAD of the object, for its storage class and
 *       existence) and is answered here: 202 and the restore is ongoing; 409 {@code RestoreAlreadyInProgress}
 *       while it is; 200 once restored (AWS extends the expiry); 403 {@code ObjectAlreadyInActiveTierError}
 *       for an object in another storage class; 404 {@code NoSuchKey};</li>
 *   <li>HeadObject and GetObject of a restoring or restored object carry {@code x-amz-restore}:
 *       {@code ongoing-request="true"}, then {@code ongoing-request="false", expiry-date="…"}.</li>
 * </ul>
 * A restore completes only when the test says so ({@link #completeRestores()}), as if the hours had
 * passed. AWS refuses Expedited for DEEP_ARCHIVE without documenting the error code: here it is a 400
 * {@code InvalidArgument}. Not modelled: restored copies expiring with time, CopyObject from an
 * archived source, object versions, Expedited capacity.
 */
public final class GlacierS3 implements ExecutionInterceptor {

    private static final Set<String> ARCHIVED = Set.of("GLACIER", "DEEP_ARCHIVE");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final ExecutionAttribute<byte[]> ERROR_BODY = new ExecutionAttribute<>("GlacierS3.errorBody");

    /** One RestoreObject as the client sent it, and the status this answered. */
    public record RestoreCall(String bucket, String key, String tier, int days, int status) {
    }

    /** A restore of one object: ongoing while {@code expiry} is null. */
    private record Restore(String tier, int days, Instant expiry) {
    }

    private final Map<String, Restore> restores = new ConcurrentHashMap<>();
    private final List<RestoreCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedReads = new AtomicInteger();
    private final AtomicInteger archivedHeads = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();

    /** Every RestoreObject seen, whatever it was answered. */
    public List<RestoreCall> restoreCalls() {
        return List.copyOf(calls);
    }

    /** The RestoreObject calls that started a restore (202). */
    public List<RestoreCall> acceptedRestores() {
        return calls.stream().filter(c -> c.status() == 202).toList();
    }

    /** GetObject calls answered 403 InvalidObjectState. */
    public int refusedReads() {
        return refusedReads.get();
    }

    /** HeadObject calls on GLACIER and DEEP_ARCHIVE objects: how a test sees a restore being polled. */
    public int archivedHeads() {
        return archivedHeads.get();
    }

    /** Every ongoing restore completes now, as AWS would hours later. */
    public void completeRestores() {
        restores.replaceAll((key, restore) -> restore.expiry() != null ? restore
                : new Restore(restore.tier(), restore.days(), expiry(restore.days())));
    }

    /** How many restores are ongoing. */
    public long ongoing() {
        return restores.values().stream().filter(r -> r.expiry() == null).count();
    }

    /** AWS rounds the expiry of a restored copy up to the next midnight UTC. */
    private Instant expiry(int days) {
        return clock.instant().plus(days + 1L, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof RestoreObjectRequest)) {
            return context.httpRequest();
        }
        // S3Mock does not implement RestoreObject: ask it only what a HEAD tells (storage class, existence).
        SdkHttpRequest.Builder head = context.httpRequest().toBuilder().method(SdkHttpMethod.HEAD)
                .removeQueryParameter("restore");
        for (String header : List.copyOf(context.httpRequest().headers().keySet())) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-") || lower.startsWith("x-amz-checksum") || lower.equals("x-amz-sdk-checksum-algorithm")
                    || lower.equals("x-amz-decoded-content-length") || lower.equals("transfer-encoding")) {
                head.removeHeader(header);
            }
        }
        return head.build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.request() instanceof RestoreObjectRequest ? Optional.empty() : context.requestBody();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        SdkHttpResponse response = context.httpResponse();
        Object request = context.request();
        if (request instanceof RestoreObjectRequest restore) {
            return answerRestore(restore, response, attributes);
        }
        String bucket;
        String key;
        if (request instanceof GetObjectRequest get) {
            bucket = get.bucket();
            key = get.key();
        } else if (request instanceof HeadObjectRequest head) {
            bucket = head.bucket();
            key = head.key();
        } else {
            return response;
        }
        String storageClass = response.firstMatchingHeader("x-amz-storage-class").orElse("STANDARD");
        if (!response.isSuccessful() || !ARCHIVED.contains(storageClass)) {
            return response;
        }
        Restore restore = restores.get(bucket + "/" + key);
        if (request instanceof HeadObjectRequest) {
            archivedHeads.incrementAndGet();
        }
        if (request instanceof GetObjectRequest && (restore == null || restore.expiry() == null)) {
            refusedReads.incrementAndGet();
            return error(response, attributes, 403, "InvalidObjectState",
                    "The operation is not valid for the object's storage class",
                    "<StorageClass>" + storageClass + "</StorageClass>");
        }
        return restore == null ? response : response.toBuilder().putHeader("x-amz-restore", header(restore)).build();
    }

    private SdkHttpResponse answerRestore(RestoreObjectRequest request, SdkHttpResponse head, ExecutionAttributes attributes) {
        String tier = request.restoreRequest() == null || request.restoreRequest().glacierJobParameters() == null
                ? "Standard" : request.restoreRequest().glacierJobParameters().tierAsString();
        int days = request.restoreRequest() == null || request.restoreRequest().days() == null ? 0
                : request.restoreRequest().days();
        SdkHttpResponse answer;
        if (head.statusCode() == 404) {
            answer = error(head, attributes, 404, "NoSuchKey", "The specified key does not exist.", "");
        } else if (!head.isSuccessful()) {
            answer = head;
        } else {
            String storageClass = head.firstMatchingHeader("x-amz-storage-class").orElse("STANDARD");
            if (!ARCHIVED.contains(storageClass)) {
                answer = error(head, attributes, 403, "ObjectAlreadyInActiveTierError",
                        "Restore is not allowed for the object's current storage class", "");
            } else if (storageClass.equals("DEEP_ARCHIVE") && tier.equals("Expedited")) {
                answer = error(head, attributes, 400, "InvalidArgument",
                        "Expedited retrieval is not available for the DEEP_ARCHIVE storage class", "");
            } else {
                int[] status = new int[1];
                restores.compute(request.bucket() + "/" + request.key(), (k, existing) -> {
                    if (existing == null) {
                        status[0] = 202;
                        return new Restore(tier, days, null);
                    }
                    if (existing.expiry() == null) {
                        status[0] = 409;
                        return existing;
                    }
                    status[0] = 200;
                    return new Restore(existing.tier(), days, expiry(days));
                });
                answer = status[0] == 409
                        ? error(head, attributes, 409, "RestoreAlreadyInProgress", "Object restore is already in progress", "")
                        : empty(head, status[0]);
            }
        }
        calls.add(new RestoreCall(request.bucket(), request.key(), tier, days, answer.statusCode()));
        return answer;
    }

    private static String header(Restore restore) {
        return restore.expiry() == null ? "ongoing-request=\"true\""
                : "ongoing-request=\"false\", expiry-date=\"" + HTTP_DATE.format(restore.expiry()) + "\"";
    }

    private static SdkHttpResponse empty(SdkHttpResponse response, int status) {
        return response.toBuilder().statusCode(status).statusText(status == 202 ? "Accepted" : "OK")
                .removeHeader("Content-Length").putHeader("Content-Length", "0").build();
    }

    /** An S3 error response as AWS sends it; its XML body replaces the original in {@link #modifyHttpResponseContent}. */
    private static SdkHttpResponse error(SdkHttpResponse response, ExecutionAttributes attributes, int status, String code,
                                         String message, String extra) {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message>" + extra + "<RequestId>GlacierS3</RequestId><HostId>GlacierS3</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        attributes.putAttribute(ERROR_BODY, body);
        return response.toBuilder().statusCode(status).statusText(code)
                .removeHeader("Content-Length").putHeader("Content-Length", String.valueOf(body.length))
                .removeHeader("Content-Type").putHeader("Content-Type", "application/xml")
                .removeHeader("x-amz-storage-class").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(ERROR_BODY);
        if (body != null) {
            closeQuietly(context.responseBody());
            return Optional.of(new ByteArrayInputStream(body));
        }
        if (context.request() instanceof RestoreObjectRequest) {
            closeQuietly(context.responseBody());
            return Optional.empty();
        }
        return context.responseBody();
    }

    private static void closeQuietly(Optional<InputStream> original) {
        original.ifPresent(in -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
