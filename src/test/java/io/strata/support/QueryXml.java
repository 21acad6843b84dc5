package io.strata.support;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK response object written as the XML a Query-protocol service sends, driven by the model's
 * metadata (each member under its {@code unmarshallLocationName}, lists wrapped unless flattened,
 * maps as {@code entry/key/value}): what the SDK's {@code QueryProtocolUnmarshaller} reads back.
 * EC2 puts the members straight under {@code <XxxResponse>} beside {@code <requestId>}; awsQuery
 * (RDS) wraps them in {@code <XxxResult>} and adds {@code <ResponseMetadata>}. Errors take each
 * dialect's own envelope.
 */
final class QueryXml {

    private QueryXml() {
    }

    static String response(boolean ec2, String namespace, String action, SdkPojo response, String requestId) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append('<').append(action).append("Response xmlns=\"").append(escape(namespace)).append("\">");
        if (ec2) {
            out.append("<requestId>").append(requestId).append("</requestId>");
            members(out, response);
        } else {
            out.append('<').append(action).append("Result>");
            members(out, response);
            out.append("</").append(action).append("Result>");
            out.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        }
        return out.append("</").append(action).append("Response>").toString();
    }

    /** EC2: {@code Response/Errors/Error}; awsQuery: {@code ErrorResponse/Error} with its Type. */
    static String error(boolean ec2, String namespace, int status, String code, String message, String requestId) {
        String error = "<Code>" + escape(code) + "</Code><Message>" + escape(message == null ? "" : message) + "</Message>";
        if (ec2) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>" + error
                    + "</Error></Errors><RequestID>" + requestId + "</RequestID></Response>";
        }
        String type = status >= 500 ? "Receiver" : "Sender";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + escape(namespace) + "\"><Error><Type>"
                + type + "</Type>" + error + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private static void members(StringBuilder out, SdkPojo pojo) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue; // never set: AWS leaves the element out
            }
            element(out, field.unmarshallLocationName(), field, value);
        }
    }

    private static void element(StringBuilder out, String name, SdkField<?> field, Object value) {
        switch (field.marshallingType().getKnownType()) {
            case LIST -> {
                ListTrait trait = field.getTrait(ListTrait.class);
                SdkField<?> member = trait.memberFieldInfo();
                if (trait.isFlattened()) {
                    ((List<?>) value).forEach(item -> element(out, name, member, item));
                    return;
                }
                String itemName = member.unmarshallLocationName() == null ? "member" : member.unmarshallLocationName();
                open(out, name);
                ((List<?>) value).forEach(item -> element(out, itemName, member, item));
                close(out, name);
            }
            case MAP -> {
                MapTrait trait = field.getTrait(MapTrait.class);
                if (!trait.isFlattened()) {
                    open(out, name);
                }
                ((Map<?, ?>) value).forEach((key, item) -> {
                    open(out, trait.isFlattened() ? name : "entry");
                    out.append('<').append(trait.keyLocationName()).append('>').append(escape(key.toString()))
                            .append("</").append(trait.keyLocationName()).append('>');
                    element(out, trait.valueLocationName(), trait.valueFieldInfo(), item);
                    close(out, trait.isFlattened() ? name : "entry");
                });
                if (!trait.isFlattened()) {
                    close(out, name);
                }
            }
            case SDK_POJO -> {
                open(out, name);
                members(out, (SdkPojo) value);
                close(out, name);
            }
            default -> {
                open(out, name);
                out.append(escape(text(value)));
                close(out, name);
            }
        }
    }

    private static String text(Object value) {
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        if (value instanceof SdkBytes bytes) {
            return Base64.getEncoder().encodeToString(bytes.asByteArray());
        }
        return value.toString();
    }

    private static void open(StringBuilder out, String name) {
        out.append('<').append(name).append('>');
    }

    private static void close(StringBuilder out, String name) {
        out.append("</").append(name).append('>');
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
