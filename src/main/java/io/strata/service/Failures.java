package io.strata.service;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * A failure as a user reads it: what failed (the resource and the step, from the messages Strata
 * wraps it in), AWS's error code and message, and the exception class, never a bare {@code null}.
 * The SDK's own {@code getMessage()} of a service error is "message (Service: …, Status Code: …)",
 * and literally {@code "null (Service: …)"} when an endpoint answered without an error code; this
 * class reads the error details instead.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The reason, for a message that wraps it ("Backup of i-0abc failed: " + reason): the
     * failure's own message, followed by AWS's code and message (or the deepest cause's) when the
     * message does not already carry them.
     */
    public static String reason(Throwable e) {
        String text = own(e);
        AwsServiceException aws = awsCause(e);
        if (aws != null) {
            String said = aws(aws);
            return text.contains(said) ? text : text + ": " + said;
        }
        Throwable root = root(e);
        if (root != e) {
            String said = own(root);
            if (!text.contains(said)) {
                text = text + ": " + (root.getMessage() == null || root.getMessage().isBlank() ? "" : simpleName(root) + ": ")
                        + said;
            }
        }
        return text;
    }

    /**
     * The whole line for a report: {@link #reason} and, in brackets, the exception class (AWS's
     * with the HTTP status and request id), e.g. {@code "CreateImage i-0abc in us-east-1:
     * InternalError: We encountered an internal error. [Ec2Exception, HTTP 500, request 5f0c…]"}.
     */
    public static String describe(Throwable e) {
        AwsServiceException aws = awsCause(e);
        String kind;
        if (aws != null) {
            kind = simpleName(aws) + ", HTTP " + aws.statusCode()
                    + (aws.requestId() == null || aws.requestId().isBlank() ? "" : ", request " + aws.requestId());
        } else {
            Throwable root = root(e);
            kind = simpleName(root);
        }
        return reason(e) + " [" + kind + "]";
    }

    /**
     * AWS's words: {@code "InternalError: We encountered an internal error."}; an answer without
     * an error code (an endpoint that sent a bare 500) says so with its status instead of "null".
     */
    public static String aws(AwsServiceException e) {
        var details = e.awsErrorDetails();
        String code = details == null ? null : blankToNull(details.errorCode());
        String message = details == null ? null : blankToNull(details.errorMessage());
        if (code == null && message == null) {
            String service = details == null || details.serviceName() == null ? "AWS" : details.serviceName();
            return "HTTP " + e.statusCode() + " from " + service + " without an AWS error code or message";
        }
        if (code == null) {
            return "HTTP " + e.statusCode() + ": " + message;
        }
        return message == null ? code : code + ": " + message;
    }

    /** The AWS error code, or empty when the answer had none. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** The first AWS service error in the chain of causes, or null. */
    public static AwsServiceException awsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException aws) {
                return aws;
            }
        }
        return null;
    }

    /** Whether the failure is, or was caused by, a stop that was asked for (SIGTERM, Ctrl-C). */
    public static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Waiter.Stopped) {
                return true;
            }
        }
        return false;
    }

    /**
     * Just its message, or its class's simple name when it has none (an {@code EOFException} from a cut gzip
     * stream), never "null": for a message that already says what failed and wants no causes appended.
     */
    public static String message(Throwable e) {
        String message = e == null ? "unknown error" : blankToNull(e.getMessage());
        return message == null ? simpleName(e) : message;
    }

    /** Its own message, AWS's words for an AWS error, or its class when it has no message. */
    private static String own(Throwable e) {
        if (e instanceof AwsServiceException aws) {
            return aws(aws);
        }
        String message = blankToNull(e.getMessage());
        return message == null ? simpleName(e) : message;
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String simpleName(Throwable e) {
        return e.getClass().getSimpleName();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() || text.equals("null") ? null : text;
    }
}
