package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * KMS's MAC operations served over loopback HTTP, for the real {@code KmsClient} (no KMS emulator
 * runs here): the JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target: TrentService.<Operation>},
 * base64 blobs), stateful keys with a secret each, real HMAC-SHA256, and the answers and errors KMS
 * documents: {@code GenerateMac} ({@code Mac}, {@code KeyId} as the key ARN, {@code MacAlgorithm}),
 * {@code VerifyMac} ({@code MacValid: true}, or HTTP 400 {@code KMSInvalidMacException} — KMS never
 * answers {@code MacValid: false}), {@code DescribeKey}; {@code NotFoundException} for an unknown key
 * or alias, {@code InvalidKeyUsageException} for a key whose spec is not the algorithm asked for (a
 * symmetric encryption key, say), {@code DisabledException}, and {@code ValidationException} for a
 * message outside 1..4,096 bytes. Binds 127.0.0.1 on a free port; stops on {@link #close()} or with
 * the JVM (daemon threads).
 */
public final class FakeKms implements AutoCloseable {

    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 4096;

    private record Key(String id, String spec, byte[] secret, boolean enabled) {
        String arn() {
            return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
        }
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final ExecutorService threads;

    public FakeKms() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the fake KMS to 127.0.0.1", e);
        }
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "fake-kms");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        // The dispatcher thread takes its daemon flag from the thread that starts it: started from a
        // daemon thread, a fake a test forgot to close never keeps the JVM alive.
        Thread starter = new Thread(server::start, "fake-kms-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the fake KMS", e);
        }
    }

    /** What {@code strata.aws.endpoint.kms} is set to. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A new enabled {@code HMAC_SHA_256} key with a secret of its own; its key id. */
    public String hmacKey() {
        return key("HMAC_SHA_256", true);
    }

    /** A symmetric encryption key ({@code SYMMETRIC_DEFAULT}): KMS refuses it for MACs. */
    public String encryptionKey() {
        return key("SYMMETRIC_DEFAULT", true);
    }

    /** {@code alias/<name>} pointing at {@code keyId}. */
    public String alias(String name, String keyId) {
        aliases.put("alias/" + name, keyId);
        return "alias/" + name;
    }

    public void disable(String keyId) {
        keys.computeIfPresent(keyId, (id, key) -> new Key(key.id(), key.spec(), key.secret(), false));
    }

    /** How many requests of {@code operation} (e.g. "GenerateMac") were answered, errors included. */
    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    private String key(String spec, boolean enabled) {
        String id = UUID.randomUUID().toString();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        keys.put(id, new Key(id, spec, secret, enabled));
        return id;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- the protocol ----

    private static final class KmsError extends Exception {
        final String type;

        KmsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("TrentService.")) {
                    throw new KmsError("UnknownOperationException", "expected POST with X-Amz-Target: TrentService.*");
                }
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                ObjectNode answer = switch (operation) {
                    case "GenerateMac" -> generateMac(body);
                    case "VerifyMac" -> verifyMac(body);
                    case "DescribeKey" -> describeKey(body);
                    default -> throw new KmsError("UnknownOperationException", operation + " is not served by the fake");
                };
                send(exchange, 200, answer);
            } catch (IllegalArgumentException e) { // a blob that is not base64
                send(exchange, 400, JSON.createObjectNode().put("__type", "ValidationException").put("message", e.getMessage()));
            } catch (KmsError e) {
                ObjectNode error = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
                send(exchange, 400, error);
            }
        }
    }

    private ObjectNode generateMac(JsonNode body) throws KmsError {
        Key key = usableKey(body);
        byte[] message = message(body);
        return JSON.createObjectNode().put("KeyId", key.arn()).put("MacAlgorithm", algorithm(body, key))
                .put("Mac", Base64.getEncoder().encodeToString(hmac(key, message)));
    }

    private ObjectNode verifyMac(JsonNode body) throws KmsError {
        Key key = usableKey(body);
        byte[] message = message(body);
        String algorithm = algorithm(body, key);
        byte[] mac = Base64.getDecoder().decode(text(body, "Mac"));
        if (!MessageDigest.isEqual(hmac(key, message), mac)) {
            throw new KmsError("KMSInvalidMacException", "The MAC is not valid for the message and key.");
        }
        return JSON.createObjectNode().put("KeyId", key.arn()).put("MacValid", true).put("MacAlgorithm", algorithm);
    }

    private ObjectNode describeKey(JsonNode body) throws KmsError {
        Key key = resolve(text(body, "KeyId"));
        ObjectNode metadata = JSON.createObjectNode().put("KeyId", key.id()).put("Arn", key.arn())
                .put("KeySpec", key.spec()).put("Enabled", key.enabled())
                .put("KeyState", key.enabled() ? "Enabled" : "Disabled")
                .put("KeyUsage", key.spec().startsWith("HMAC") ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT");
        ObjectNode answer = JSON.createObjectNode();
        answer.set("KeyMetadata", metadata);
        return answer;
    }

    private Key usableKey(JsonNode body) throws KmsError {
        Key key = resolve(text(body, "KeyId"));
        if (!key.enabled()) {
            throw new KmsError("DisabledException", key.arn() + " is disabled.");
        }
        return key;
    }

    private Key resolve(String keyId) throws KmsError {
        String id = keyId;
        int keyPart = id.indexOf(":key/");
        int aliasPart = id.indexOf(":alias/");
        if (id.startsWith("arn:") && keyPart > 0) {
            id = id.substring(keyPart + ":key/".length());
        } else if (id.startsWith("arn:") && aliasPart > 0) {
            id = id.substring(aliasPart + 1);
        }
        if (id.startsWith("alias/")) {
            String target = aliases.get(id);
            if (target == null) {
                throw new KmsError("NotFoundException", "Alias arn:aws:kms:" + REGION + ":" + ACCOUNT + ":" + id
                        + " is not found.");
            }
            id = target;
        }
        Key key = keys.get(id);
        if (key == null) {
            throw new KmsError("NotFoundException", "Key 'arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id
                    + "' does not exist");
        }
        return key;
    }

    private static String algorithm(JsonNode body, Key key) throws KmsError {
        String algorithm = text(body, "MacAlgorithm");
        if (!key.spec().equals(algorithm)) { // HMAC_SHA_256 is both the key spec and its one algorithm
            throw new KmsError("InvalidKeyUsageException", "You cannot generate or verify a MAC with "
                    + key.arn() + " (KeySpec " + key.spec() + ") and MacAlgorithm " + algorithm + ".");
        }
        return algorithm;
    }

    private static byte[] message(JsonNode body) throws KmsError {
        byte[] message = Base64.getDecoder().decode(text(body, "Message"));
        if (message.length < 1 || message.length > MAX_MESSAGE) {
            throw new KmsError("ValidationException", "1 validation error detected: Value at 'message' failed to "
                    + "satisfy constraint: Member must have length between 1 and " + MAX_MESSAGE);
        }
        return message;
    }

    private static String text(JsonNode body, String field) throws KmsError {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new KmsError("ValidationException", field + " is required");
        }
        return value.asText();
    }

    private static byte[] hmac(Key key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
