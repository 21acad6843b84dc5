package io.strata.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.Failures;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an incremental export sits in its chain, as its descriptor records it under
 * {@code details.chain}: the chain's full export (its key and export time), the export just before
 * (the full one for number 1), its own number, and its window {@code [from, to)}, {@code from} being
 * the previous export's end. {@code details.needs} lists every recovery point a restore of it reads,
 * full export first, so that retention keeps them while it is kept (see {@link RecoveryPoint#needs()}).
 * A full export records nothing: it starts any number of chains.
 */
public record ChainLink(String full, Instant fullTime, String previous, int number, Instant from, Instant to,
                        List<String> needs) {

    public ChainLink {
        needs = List.copyOf(needs);
    }

    /** The link after this one ({@code self} is this link's recovery point), covering {@code [to, next)}. */
    ChainLink then(String self, Instant next) {
        List<String> more = new ArrayList<>(needs);
        more.add(self);
        return new ChainLink(full, fullTime, self, number + 1, to, next, more);
    }

    /** The first incremental after the full export {@code full} taken at {@code fullTime}, up to {@code to}. */
    static ChainLink first(String full, Instant fullTime, Instant to) {
        return new ChainLink(full, fullTime, full, 1, fullTime, to, List.of(full));
    }

    /** The descriptor's {@code details}: {@code chain} and {@code needs}. */
    public ObjectNode toDetails() {
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("chain", Json.MAPPER.createObjectNode().put("full", full).put("fullTime", fullTime.toString())
                .put("previous", previous).put("number", number).put("from", from.toString()).put("to", to.toString()));
        ArrayNode keys = details.putArray(RecoveryPoint.NEEDS);
        needs.forEach(keys::add);
        return details;
    }

    /** The link a recovery point records; empty for anything but an incremental export. */
    public static Optional<ChainLink> of(RecoveryPoint point) {
        JsonNode chain = point.details() == null ? null : point.details().get("chain");
        if (chain == null || !chain.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChainLink(chain.path("full").asText(), Instant.parse(chain.path("fullTime").asText()),
                    chain.path("previous").asText(), chain.path("number").asInt(), Instant.parse(chain.path("from").asText()),
                    Instant.parse(chain.path("to").asText()), point.needs()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Recovery point " + point.key() + " records an unreadable chain ("
                    + Failures.message(e) + ")", e);
        }
    }

    /** As {@code strata list} shows it. */
    public String label() {
        return "incremental " + number + " of " + full;
    }
}
