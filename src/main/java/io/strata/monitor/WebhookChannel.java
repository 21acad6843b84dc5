package io.strata.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs a JSON message to a webhook: {@code text} for Slack's incoming webhooks (and Mattermost, Teams'
 * Slack-compatible hooks), the same facts as fields for anything that parses them. Bounded by timeouts: a
 * dead webhook delays a run's report by seconds, never hangs it.
 */
final class WebhookChannel implements NotificationChannel {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final HttpClient http;

    WebhookChannel(URI url) {
        this.url = url;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The host only: the path and query of a webhook URL are often its secret. */
    @Override
    public String describe() {
        return "webhook at " + url.getHost();
    }

    @Override
    public void send(Notification notification) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("text", notification.text());
        body.put("event", notification.event());
        body.put("status", notification.status());
        body.put("resource", notification.resource());
        body.put("plan", notification.plan());
        body.put("recoveryPoint", notification.recoveryPoint());
        body.put("runId", notification.runId());
        body.put("reason", notification.reason());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // Some messages quote the URL: what is logged keeps the host only.
            String said = String.valueOf(e.getMessage()).replace(url.toString(), url.getHost());
            throw new IOException(e.getClass().getSimpleName() + ": " + said);
        }
        if (status / 100 != 2) {
            throw new IOException("HTTP " + status);
        }
    }
}
