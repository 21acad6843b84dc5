package io.strata.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;

/**
 * A stateful control-plane fake served over loopback HTTP in the Query protocol, so that the real
 * SDK client runs its whole pipeline against it (marshalling, signing, endpoint resolution, retries,
 * the SDK's own interceptors). One server serves every region of its world: the region is the one
 * the request was signed for ({@code Credential=AKID/date/REGION/service/aws4_request}), as AWS
 * reads it from a regional endpoint.
 *
 * <p>The operation is the {@code Action}; its request class is the parameter type of the SDK client
 * interface's method of that name, the form is read into it by {@link QueryForm}, and the handler of
 * the region (a plain object with a method of the same name and parameter) answers with the SDK
 * response object, written by {@link QueryXml}. A handler's {@link AwsServiceException} becomes the
 * AWS error document with its HTTP status and error code; {@link ResponseLost} closes the connection
 * without an answer (the request took effect, its response never arrived).
 */
public final class QueryServer implements AutoCloseable {

    /** Thrown by a handler whose request took effect but whose answer must never reach the client. */
    public static final class ResponseLost extends RuntimeException {
        public ResponseLost() {
            super("response lost on purpose");
        }
    }

    /**
     * Thrown by a handler to answer a bare HTTP status whose body is no AWS error document (what a
     * proxy, a load balancer or a broken emulator sends): the client finds no error code in it.
     */
    public static final class BareStatus extends RuntimeException {
        final int status;

        public BareStatus(int status) {
            super("bare HTTP " + status);
            this.status = status;
        }
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,]+/\\d{8}/([^/,]+)/([^/,]+)/aws4_request");

    private final String signingName;
    private final boolean ec2;
    private final Class<?> clientInterface;
    private final Function<String, Optional<Object>> handlers;
    private final Map<String, Method> operations = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads;

    /**
     * @param signingName     the service's SigV4 name ({@code ec2}, {@code rds})
     * @param ec2             the EC2 dialect of the Query protocol, else awsQuery
     * @param clientInterface the SDK client interface whose methods name the operations
     * @param handlers        the handler of a region, empty for a region the world does not have
     */
    public QueryServer(String signingName, boolean ec2, Class<?> clientInterface,
                       Function<String, Optional<Object>> handlers) {
        this.signingName = signingName;
        this.ec2 = ec2;
        this.clientInterface = clientInterface;
        this.handlers = handlers;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-" + signingName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the fake " + signingName + " server", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        startAsDaemon();
    }

    /** The JDK server's dispatcher thread inherits daemon-ness from the thread that starts it. */
    private void startAsDaemon() {
        Thread starter = new Thread(server::start, "fake-" + signingName + "-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting the fake " + signingName + " server", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String namespace = "";
        try {
            Map<String, String> params = QueryForm.parse(exchange.getRequestURI().getRawQuery());
            params.putAll(QueryForm.parse(body(exchange.getRequestBody())));
            QueryForm form = new QueryForm(params, ec2);
            String action = form.take("Action");
            namespace = "http://" + signingName + ".amazonaws.com/doc/" + form.take("Version") + "/";
            String region = region(exchange.getRequestHeaders().getFirst("Authorization"));
            Object handler = handlers.apply(region).orElseThrow(() -> new Refused(400, "AuthFailure",
                    "this fake world has no region " + region));
            SdkPojo response = invoke(handler, action, form);
            send(exchange, 200, QueryXml.response(ec2, namespace, action, response, requestId));
        } catch (ResponseLost e) {
            // Closing the exchange before any header is sent closes the connection: no answer at all.
        } catch (BareStatus e) {
            byte[] page = "<html><body>Internal Server Error</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(e.status, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        } catch (Refused e) {
            send(exchange, e.status, QueryXml.error(ec2, namespace, e.status, e.code, e.getMessage(), requestId));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "InternalError" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            send(exchange, e.statusCode(), QueryXml.error(ec2, namespace, e.statusCode(), code, message, requestId));
        } catch (RuntimeException e) {
            // A defect of the fake itself: loud in the test output, and answered as AWS answers its own.
            e.printStackTrace();
            send(exchange, 500, QueryXml.error(ec2, namespace, 500, "InternalError", "fake " + signingName + ": " + e,
                    requestId));
        }
    }

    private SdkPojo invoke(Object handler, String action, QueryForm form) {
        Method api = operation(action);
        Method answer;
        try {
            answer = handler.getClass().getDeclaredMethod(api.getName(), api.getParameterTypes()[0]);
        } catch (NoSuchMethodException e) {
            throw new Refused(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        Object request;
        try {
            request = form.read((SdkPojo) api.getParameterTypes()[0].getMethod("builder").invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the request of " + action, e);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new Refused(400, "InvalidParameterValue", e.getMessage());
        }
        if (!form.unknown().isEmpty()) {
            throw new Refused(400, "UnknownParameter", "The parameter " + form.unknown().iterator().next()
                    + " is not recognized (" + action + ")");
        }
        try {
            answer.setAccessible(true);
            return (SdkPojo) answer.invoke(handler, request);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SDK client method of {@code action}: {@code DescribeDBInstances} → {@code describeDBInstances(DescribeDbInstancesRequest)}. */
    private Method operation(String action) {
        if (action == null) {
            throw new Refused(400, "MissingAction", "The request must contain the parameter Action");
        }
        Method found = operations.computeIfAbsent(action, a -> Arrays.stream(clientInterface.getMethods())
                .filter(m -> m.getName().equalsIgnoreCase(a) && m.getParameterCount() == 1
                        && SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0]))
                .findFirst().orElse(null));
        if (found == null) {
            throw new Refused(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return found;
    }

    private String region(String authorization) {
        Matcher scope = SCOPE.matcher(authorization == null ? "" : authorization);
        if (!scope.find()) {
            throw new Refused(400, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        if (!scope.group(2).equals(signingName)) {
            throw new Refused(400, "AuthFailure", "Credential should be scoped to correct service: '" + signingName + "'");
        }
        return scope.group(1);
    }

    private static String body(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request the server itself refuses before any handler sees it. */
    private static final class Refused extends RuntimeException {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
