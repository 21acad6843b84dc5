package io.strata.config;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Tells the story of a call the SDK retried and gave up: the SDK keeps each failed attempt as a
 * suppressed exception of the last one, but prints only the last, so "Failed to read response"
 * hid nine cut bodies and "ThrottlingException" hid eight read timeouts. {@link #summary} says
 * {@code 9 attempts: 8 read timeouts, then ThrottlingException}.
 */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** What each attempt met, oldest first, and how the last one ended; one attempt: just what it met. */
    public static String summary(Throwable error) {
        List<String> kinds = new ArrayList<>();
        String last = kind(error);
        String lastWords = words(error);
        for (Throwable attempt : error.getSuppressed()) {
            // An earlier attempt is kept as its message only: the same words as the last failure are the same error.
            kinds.add(words(attempt).equals(lastWords) ? last : kind(attempt));
        }
        if (kinds.isEmpty()) {
            return last;
        }
        Map<String, Integer> earlier = new LinkedHashMap<>();
        kinds.forEach(kind -> earlier.merge(kind, 1, Integer::sum));
        List<String> counted = new ArrayList<>();
        earlier.forEach((kind, count) -> counted.add(count + " × " + kind));
        return (kinds.size() + 1) + " attempts: " + String.join(", ", counted) + ", then " + last;
    }

    /** The failure's message without the SDK's attempt prefix and request details. */
    private static String words(Throwable failure) {
        String text = String.valueOf(failure.getMessage()).replaceFirst("^Request attempt \\d+ failure: ", "");
        int details = text.indexOf(" (Service: ");
        return details < 0 ? text.replaceFirst(" \\(SDK Attempt Count: \\d+\\)$", "") : text.substring(0, details);
    }

    /** One failure in a few words: AWS's error code, or what happened to the connection. */
    static String kind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && aws.awsErrorDetails().errorCode() != null) {
                return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + ")";
            }
            if (cause instanceof SocketTimeoutException) {
                return "read timeout";
            }
            if (cause instanceof SocketException && String.valueOf(cause.getMessage()).contains("reset")) {
                return "connection reset";
            }
        }
        // The SDK's record of an earlier attempt keeps only its message: "Request attempt 2 failure: …".
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("premature end") || message.contains("failed to read response")
                || message.contains("truncated")) {
            return "body cut short";
        }
        if (message.contains("connection reset")) {
            return "connection reset";
        }
        if (message.contains("read timed out")) {
            return "read timeout";
        }
        if (message.contains("status code: ")) {
            int at = message.indexOf("status code: ");
            return "HTTP " + message.substring(at + 13).split("[^0-9]")[0];
        }
        String text = String.valueOf(failure.getMessage()).replaceFirst("^Request attempt \\d+ failure: ", "");
        return text.replaceFirst(" \\(SDK Attempt Count: \\d+\\)$", "");
    }
}
