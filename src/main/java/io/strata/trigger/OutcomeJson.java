package io.strata.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.text.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Outcomes as the JSON written beside requests, and read back to recognise a second delivery. */
final class OutcomeJson {

    private OutcomeJson() {
    }

    static byte[] write(RequestOutcome outcome) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outcome of " + outcome.request() + " not serialisable", e);
        }
    }

    /** Empty when the bytes are no outcome (someone else's file): it is then not a marker. */
    static Optional<RequestOutcome> read(byte[] bytes) {
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(bytes, RequestOutcome.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
