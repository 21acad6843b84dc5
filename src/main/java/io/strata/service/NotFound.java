package io.strata.service;

/**
 * A selector names something that does not exist (a DB instance AWS does not know, a tag no resource
 * carries): the selector's own fault, reported by this message as it is, unlike a service that could
 * not be reached ("cannot resolve selector …").
 */
public class NotFound extends IllegalArgumentException {

    public NotFound(String message) {
        super(message);
    }

    public NotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
