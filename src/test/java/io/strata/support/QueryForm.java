package io.strata.support;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * The form of a Query-protocol request ({@code Action=…&Version=…&Name.1=…}) read back into an SDK
 * request builder, driven by the model's own metadata ({@link SdkPojo#sdkFields()}, location names,
 * list and map traits): the inverse of the SDK's {@code QueryProtocolMarshaller}. EC2 flattens every
 * input list ({@code InstanceId.1}); awsQuery (RDS) names the member unless the list is flattened
 * ({@code Tags.Tag.1.Key}). Every parameter must be consumed: one the model does not know is an
 * error, as AWS answers {@code UnknownParameter}, so a field this reader misnames cannot pass unseen.
 */
final class QueryForm {

    private final Map<String, String> params;
    private final boolean ec2;
    private final Set<String> consumed = new HashSet<>();

    QueryForm(Map<String, String> params, boolean ec2) {
        this.params = params;
        this.ec2 = ec2;
    }

    /** {@code a=1&b=x%20y} (a body or a URL query) into its parameters, in order. */
    static Map<String, String> parse(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    String take(String name) {
        consumed.add(name);
        return params.get(name);
    }

    /** Fills {@code builder} (a request's builder) from the form and builds it. */
    Object read(SdkPojo builder) {
        fill(builder, null);
        return ((Buildable) builder).build();
    }

    /** Parameters no field of the request consumed, sorted. */
    Set<String> unknown() {
        Set<String> left = new TreeSet<>(params.keySet());
        left.removeAll(consumed);
        return left;
    }

    private void fill(SdkPojo builder, String prefix) {
        for (SdkField<?> field : builder.sdkFields()) {
            String path = prefix == null ? field.locationName() : prefix + "." + field.locationName();
            Object value = value(field, path);
            if (value != null) {
                field.set(builder, value);
            }
        }
    }

    private Object value(SdkField<?> field, String path) {
        switch (field.marshallingType().getKnownType()) {
            case LIST:
                return list(field.getTrait(ListTrait.class), path);
            case MAP:
                return map(field.getTrait(MapTrait.class), path);
            case SDK_POJO:
                if (!present(path)) {
                    return null;
                }
                SdkPojo nested = field.constructor().get();
                fill(nested, path);
                return ((Buildable) nested).build();
            default:
                String raw = take(path);
                return raw == null ? null : scalar(field, raw);
        }
    }

    private List<Object> list(ListTrait trait, String path) {
        SdkField<?> member = trait.memberFieldInfo();
        // EC2 flattens every input list; awsQuery names the member (Tags.Tag.1) unless flattened.
        String base = ec2 || trait.isFlattened() ? path : path + "." + member.locationName();
        List<Object> items = new ArrayList<>();
        for (int i = 1; present(base + "." + i); i++) {
            items.add(value(member, base + "." + i));
        }
        if (items.isEmpty() && "".equals(params.get(path))) {
            take(path); // an explicitly empty list is sent as "Name="
            return items;
        }
        return items.isEmpty() ? null : items;
    }

    private Map<String, Object> map(MapTrait trait, String path) {
        String base = trait.isFlattened() ? path : path + ".entry";
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 1; params.containsKey(base + "." + i + "." + trait.keyLocationName()); i++) {
            String key = take(base + "." + i + "." + trait.keyLocationName());
            entries.put(key, value(trait.valueFieldInfo(), base + "." + i + "." + trait.valueLocationName()));
        }
        return entries.isEmpty() ? null : entries;
    }

    /** A parameter at {@code path} itself, or any below it ({@code path.x}). */
    private boolean present(String path) {
        if (params.containsKey(path)) {
            return true;
        }
        String below = path + ".";
        return params.keySet().stream().anyMatch(k -> k.startsWith(below));
    }

    private static Object scalar(SdkField<?> field, String raw) {
        return switch (field.marshallingType().getKnownType()) {
            case STRING -> raw;
            case INTEGER -> Integer.valueOf(raw);
            case LONG -> Long.valueOf(raw);
            case SHORT -> Short.valueOf(raw);
            case FLOAT -> Float.valueOf(raw);
            case DOUBLE -> Double.valueOf(raw);
            case BIG_DECIMAL -> new BigDecimal(raw);
            case BOOLEAN -> parseBoolean(field, raw);
            case INSTANT -> Instant.parse(raw);
            case SDK_BYTES -> SdkBytes.fromByteArray(Base64.getDecoder().decode(raw));
            default -> throw new IllegalArgumentException("QueryForm cannot read " + field.memberName() + " of type "
                    + field.marshallingType());
        };
    }

    private static Boolean parseBoolean(SdkField<?> field, String raw) {
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException("Value (" + raw + ") for parameter " + field.locationName()
                    + " is invalid. Expected: 'true' or 'false'.");
        }
        return Boolean.valueOf(raw);
    }
}
