package io.strata.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;

/**
 * S3Mock 5.2.0 names the tags of a lifecycle rule's {@code <And>} filter {@code <Tags>}, where S3
 * (and the SDK) write one {@code <Tag>} element per tag (API reference, LifecycleRuleAndOperator): it
 * silently drops every tag S3 clients send, and a tag-scoped rule reads back as prefix-only. This
 * interceptor translates the element name on the wire, both ways, and nothing else, so that the
 * stored rules are what S3 would store. (S3Mock stores rules and never applies them, as documented.)
 */
public final class S3MockLifecycleTags implements ExecutionInterceptor {

    private static final ExecutionAttribute<byte[]> BODY = new ExecutionAttribute<>("s3mock-lifecycle-body");
    private static final Pattern AND = Pattern.compile("<And>.*?</And>", Pattern.DOTALL);

    // The SDK asks for the content first, then for the request: the new length is known by then.
    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutBucketLifecycleConfigurationRequest) || context.requestBody().isEmpty()) {
            return context.requestBody();
        }
        String xml = read(context.requestBody().get().contentStreamProvider().newStream());
        byte[] body = rename(xml, "Tag", "Tags").getBytes(StandardCharsets.UTF_8);
        attributes.putAttribute(BODY, body);
        return Optional.of(RequestBody.fromBytes(body));
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(BODY);
        return body == null ? context.httpRequest() : context.httpRequest().toBuilder()
                .putHeader("Content-Length", String.valueOf(body.length)).removeHeader("Content-MD5").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!(context.request() instanceof GetBucketLifecycleConfigurationRequest) || context.responseBody().isEmpty()
                || !context.httpResponse().isSuccessful()) {
            return context.responseBody();
        }
        String xml = read(context.responseBody().get());
        return Optional.of(new ByteArrayInputStream(rename(xml, "Tags", "Tag").getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames the element {@code from} to {@code to} inside every {@code <And>} of the document. */
    static String rename(String xml, String from, String to) {
        Matcher and = AND.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (and.find()) {
            String renamed = and.group().replace("<" + from + ">", "<" + to + ">").replace("</" + from + ">", "</" + to + ">");
            and.appendReplacement(out, Matcher.quoteReplacement(renamed));
        }
        and.appendTail(out);
        return out.toString();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
