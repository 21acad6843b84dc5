package io.strata.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.strata.thaw.ThawRetrieval;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.service.CommonRestoreOptions;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreOptionCatalog;
import io.strata.service.RestoreRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * The one parser of request files (S3 prefix, inbox folder, SQS-notified objects): UTF-8 JSON of at
 * most 64 KB, one known action, only the fields that action takes. Anything else is a
 * {@link RejectedRequest} naming the reason.
 */
public final class RequestParser {

    public static final int MAX_BYTES = 64 * 1024;

    /** The fields that restore archived objects first, taken by restore and verify: never a service option. */
    static final Set<String> RETRIEVAL = Set.of(CommonRestoreOptions.RETRIEVAL_TIER.field(),
            CommonRestoreOptions.RESTORE_DAYS.field());

    /** One JSON object, no key twice, nothing after it: an ambiguous request is refused, never guessed at. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final PlanCatalog plans;
    private final Function<String, ResourceSelector> selectors;
    /** A restore's fields beyond recoveryPoint and target: the options the services declare. */
    private final RestoreOptionCatalog restoreOptions;

    public RequestParser(PlanCatalog plans, Function<String, ResourceSelector> selectors,
                         RestoreOptionCatalog restoreOptions) {
        this.plans = plans;
        this.selectors = selectors;
        this.restoreOptions = restoreOptions;
    }

    public TriggerRequest parse(byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new RejectedRequest("larger than 64 KB (at most " + MAX_BYTES + " bytes)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(utf8(content));
        } catch (JsonProcessingException e) {
            throw new RejectedRequest("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRequest("not a JSON object");
        }
        String action = text(root, "action", true);
        try {
            return switch (action) {
                case "backup" -> backup(root);
                case "restore" -> restore(root);
                case "verify" -> verify(root);
                case "hold" -> hold(root);
                case "release" -> release(root);
                default -> throw new RejectedRequest("unknown action '" + action
                        + "' (known: backup, restore, verify, hold, release)");
            };
        } catch (RejectedRequest e) {
            throw e.asking(action);
        }
    }

    private TriggerRequest backup(JsonNode root) {
        allowOnly(root, "backup", Set.of("action", "plan", "resources"));
        boolean hasPlan = root.has("plan");
        boolean hasResources = root.has("resources");
        if (hasPlan == hasResources) {
            throw new RejectedRequest("a backup request names either \"plan\" or \"resources\", not "
                    + (hasPlan ? "both" : "neither"));
        }
        if (hasPlan) {
            String plan = text(root, "plan", true);
            var found = plans.find(plan).orElseThrow(() -> new RejectedRequest("unknown plan '" + plan + "' (known: "
                    + plans.plans().stream().map(p -> p.name()).toList() + ")"));
            return new TriggerRequest.Backup(plan, found.resources());
        }
        JsonNode list = root.get("resources");
        if (!list.isArray() || list.isEmpty()) {
            throw new RejectedRequest("\"resources\" must be a non-empty array of selectors");
        }
        List<ResourceSelector> parsed = new ArrayList<>();
        for (JsonNode each : list) {
            if (!each.isTextual()) {
                throw new RejectedRequest("\"resources\" holds " + each + ", not a selector string");
            }
            try {
                parsed.add(selectors.apply(each.asText()));
            } catch (RuntimeException e) {
                throw new RejectedRequest("bad selector '" + each.asText() + "': " + e.getMessage());
            }
        }
        return new TriggerRequest.Backup(null, parsed);
    }

    private TriggerRequest restore(JsonNode root) {
        Set<String> known = new TreeSet<>();
        restoreOptions.all().forEach(option -> known.add(option.field()));
        known.addAll(List.of("action", "recoveryPoint", CommonRestoreOptions.TARGET_FIELD));
        known.addAll(RETRIEVAL);
        allowOnly(root, "restore", known);
        String recoveryPoint = text(root, "recoveryPoint", true);
        String target = text(root, CommonRestoreOptions.TARGET_FIELD, false);
        Map<String, String> options = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<RestoreOption> declared = restoreOptions.field(field.getKey());
            if (declared.isPresent()) {
                option(declared.get(), field.getValue()).ifPresent(value -> options.put(declared.get().name(), value));
            }
        }
        return new TriggerRequest.Restore(recoveryPoint, new RestoreRequest(target, options), retrieval(root));
    }

    /** A flag is a JSON boolean, nothing else ("yes" must not mean a real launch); false is as good as not given. */
    private static Optional<String> option(RestoreOption option, JsonNode value) {
        if (option.isFlag() && !value.isBoolean()) {
            throw new RejectedRequest("\"" + option.field() + "\" must be true or false, not " + value);
        }
        String text;
        if (value.isBoolean()) {
            if (!value.asBoolean()) {
                return Optional.empty(); // the default: given only when true, as on the command line
            }
            text = "true";
        } else if (value.isTextual() || value.isNumber()) {
            text = value.asText();
        } else {
            throw new RejectedRequest("\"" + option.field() + "\" must be a string or a boolean, not " + value);
        }
        try {
            return Optional.of(option.checked(text));
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest("\"" + option.field() + "\" " + e.getMessage());
        }
    }

    private TriggerRequest verify(JsonNode root) {
        Set<String> known = new TreeSet<>(RETRIEVAL);
        known.addAll(List.of("action", "recoveryPoint"));
        allowOnly(root, "verify", known);
        return new TriggerRequest.Verify(text(root, "recoveryPoint", true), retrieval(root));
    }

    private static TriggerRequest hold(JsonNode root) {
        allowOnly(root, "hold", Set.of("action", "recoveryPoint", "reason"));
        return new TriggerRequest.Hold(text(root, "recoveryPoint", true), text(root, "reason", true));
    }

    private static TriggerRequest release(JsonNode root) {
        allowOnly(root, "release", Set.of("action", "recoveryPoint"));
        return new TriggerRequest.Release(text(root, "recoveryPoint", true));
    }

    /** {@code "retrievalTier":"Bulk"} and {@code "restoreDays":7}, as {@code --retrieval-tier} and {@code --restore-days}. */
    private static Optional<ThawRetrieval> retrieval(JsonNode root) {
        String tierField = CommonRestoreOptions.RETRIEVAL_TIER.field();
        String daysField = CommonRestoreOptions.RESTORE_DAYS.field();
        String tierText = text(root, tierField, false);
        JsonNode daysNode = root.get(daysField);
        boolean hasDays = daysNode != null && !daysNode.isNull();
        if (tierText == null && !hasDays) {
            return Optional.empty();
        }
        Tier tier = ThawRetrieval.DEFAULT_TIER;
        int days = ThawRetrieval.DEFAULT_DAYS;
        try {
            if (tierText != null) {
                tier = ThawRetrieval.tier(tierText);
            }
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest("\"" + tierField + "\" " + e.getMessage());
        }
        if (hasDays) {
            if (!daysNode.isIntegralNumber() || !daysNode.canConvertToInt()) {
                throw new RejectedRequest("\"" + daysField + "\" must be a whole number of days, not " + daysNode);
            }
            try {
                days = ThawRetrieval.days(daysNode.intValue());
            } catch (IllegalArgumentException e) {
                throw new RejectedRequest("\"" + daysField + "\" " + e.getMessage());
            }
        }
        return Optional.of(new ThawRetrieval(tier, days));
    }

    private static void allowOnly(JsonNode root, String action, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        root.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new RejectedRequest("unknown field(s) " + unknown + " for action '" + action + "' (it takes "
                    + new TreeSet<>(known) + ")");
        }
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode value = root.get(field);
        if (value == null || value.getNodeType() == JsonNodeType.NULL) {
            if (required) {
                throw new RejectedRequest("missing \"" + field + "\"");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new RejectedRequest("\"" + field + "\" must be a non-empty string, not " + value);
        }
        return value.asText().trim();
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedRequest("not UTF-8 (" + e.getMessage() + ")");
        }
    }
}
