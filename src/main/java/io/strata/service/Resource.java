package io.strata.service;

/**
 * One resource a selector named, e.g. service {@code dynamodb}, id {@code orders}. A selector that
 * matched nothing travels as a resource with a {@code problem}, so that it gets its own failed outcome.
 */
public record Resource(String service, String id, String problem) {

    public static Resource of(String service, String id) {
        return new Resource(service, id, null);
    }

    public static Resource problem(String service, String pattern, String problem) {
        return new Resource(service, pattern, problem);
    }
}
