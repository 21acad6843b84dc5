package io.strata.run;

/**
 * One resource a run backs up, e.g. service {@code dynamodb}, name {@code orders}. A selector that
 * matched nothing travels as a ref with a {@code problem}, so that it gets its own failed outcome.
 */
public record ResourceRef(String runId, String plan, String service, String name, String problem) {

    public static ResourceRef of(BackupRequest request, String service, String name) {
        return new ResourceRef(request.runId(), request.plan(), service, name, null);
    }

    public String id() {
        return service + ":" + name;
    }
}
