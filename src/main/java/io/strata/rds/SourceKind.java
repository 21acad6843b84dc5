package io.strata.rds;

/** What an RDS recovery point is taken of: a DB instance, or an Aurora / Multi-AZ DB cluster. */
public enum SourceKind {
    INSTANCE("instance"), CLUSTER("cluster");

    private final String path;

    SourceKind(String path) {
        this.path = path;
    }

    /** The resource path word: {@code instance} in {@code rds:instance/prod-db}. */
    public String path() {
        return path;
    }

    public static SourceKind of(String resourceId) {
        for (SourceKind kind : values()) {
            if (resourceId.startsWith(kind.path + "/")) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + resourceId + "' is not an RDS resource: expected instance/ID or cluster/ID");
    }

    public static String idOf(String resourceId) {
        return resourceId.substring(resourceId.indexOf('/') + 1);
    }

    public String noun() {
        return this == INSTANCE ? "DB instance" : "DB cluster";
    }
}
