package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Hands an export the items of a Scan response as the raw JSON the service sent. On the wire an
 * item already is DynamoDB JSON, the export's format, so unmarshalling it into AttributeValue maps
 * only to marshal it back costs the export most of its CPU. Acts only on a Scan that carries a
 * {@link Page} (every other call passes through untouched): checks the response's CRC32 as the
 * SDK would, cuts the items out, and leaves the SDK a response without them (Count,
 * LastEvaluatedKey and ConsumedCapacity stay).
 * <p>
 * A body that breaks off while it is read here (a reset, a cut), or arrives altered, fails as a
 * {@link RetryableException}: the SDK then sends the same Scan again (same ExclusiveStartKey) within
 * its retry budget ({@code strata.aws.retry.*}). Any other exception thrown from here is wrapped by
 * the SDK as "Unable to unmarshall response" and not retried, which failed a whole export on one reset.
 */
public final class RawScanItems implements ExecutionInterceptor {

    /** Set on a ScanRequest's override configuration to receive its items raw. */
    public static final ExecutionAttribute<Page> PAGE = new ExecutionAttribute<>("strata.RawScanItems.page");
    private static final ExecutionAttribute<Long> EXPECTED_CRC32 = new ExecutionAttribute<>("strata.RawScanItems.crc32");
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] LINE_START = "{\"Item\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "}\n".getBytes(StandardCharsets.US_ASCII);

    /** The raw items of one response: byte ranges of {@code body}, one per item. */
    public static final class Page {
        private byte[] body;
        private int[] bounds = new int[64];
        private int count;
        private boolean captured;

        /** False when the response came another way (e.g. compressed): use the unmarshalled items. */
        public boolean captured() {
            return captured;
        }

        public int count() {
            return count;
        }

        /** Writes each item as an export line, {@code {"Item":{...}}} and a newline. */
        public void writeLines(OutputStream out) throws IOException {
            for (int i = 0; i < count; i++) {
                out.write(LINE_START);
                out.write(body, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
                out.write(LINE_END);
            }
        }

        private void add(int start, int end) {
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = start;
            bounds[2 * count + 1] = end;
            count++;
        }

        /** Records the items of {@code response} and returns the response without them. */
        byte[] split(byte[] response) throws IOException {
            body = response;
            count = 0;
            ByteArrayOutputStream rest = new ByteArrayOutputStream(256);
            try (JsonParser in = JSON.createParser(response); JsonGenerator out = JSON.createGenerator(rest)) {
                if (in.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("Scan response is not a JSON object");
                }
                out.writeStartObject();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    JsonToken value = in.nextToken();
                    if ("Items".equals(name) && value == JsonToken.START_ARRAY) {
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            int start = (int) in.currentTokenLocation().getByteOffset();
                            in.skipChildren();
                            add(start, (int) in.currentLocation().getByteOffset());
                        }
                    } else {
                        out.writeFieldName(name);
                        out.copyCurrentStructure(in);
                    }
                }
                out.writeEndObject();
            }
            captured = true;
            return rest.toByteArray();
        }
    }

    private static boolean applies(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        SdkHttpResponse response = context.httpResponse();
        return attributes.getAttribute(PAGE) != null && response.isSuccessful() && context.responseBody().isPresent()
                && response.firstMatchingHeader("Content-Encoding").filter(e -> !e.equalsIgnoreCase("identity")).isEmpty();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!applies(context, attributes)) {
            return context.httpResponse();
        }
        // The SDK would check this checksum against the shortened body; it is checked here, on the bytes sent.
        context.httpResponse().firstMatchingHeader("x-amz-crc32")
                .ifPresent(crc -> attributes.putAttribute(EXPECTED_CRC32, Long.parseLong(crc)));
        return context.httpResponse().toBuilder().removeHeader("x-amz-crc32").removeHeader("Content-Length").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!applies(context, attributes)) {
            return context.responseBody();
        }
        try (InputStream in = context.responseBody().get()) {
            byte[] body = in.readAllBytes();
            Long expected = attributes.getAttribute(EXPECTED_CRC32);
            if (expected != null) {
                CRC32 crc = new CRC32();
                crc.update(body);
                if (crc.getValue() != expected) {
                    throw RetryableException.create("Scan response CRC32 " + crc.getValue() + " does not match the "
                            + "x-amz-crc32 header " + expected + ": the response was corrupted in transit");
                }
            }
            return Optional.of(new ByteArrayInputStream(attributes.getAttribute(PAGE).split(body)));
        } catch (IOException e) {
            throw RetryableException.builder().message("Unreadable Scan response: " + e.getMessage()).cause(e).build();
        }
    }
}
