package io.strata.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy that breaks the network between the real SDK clients (pointed at it with
 * the endpoint override) and S3Mock or DynamoDB Local, as networks and AWS break it: connection
 * resets, bodies cut short (the Content-Length promised, fewer bytes sent, then the connection
 * closed), S3's 503 SlowDown and 500 InternalError, DynamoDB's ThrottlingException and 500. It
 * works below the protocol the SDK speaks, so the SDK's whole pipeline and Strata's own reading code
 * meet the fault; {@link DynamoDbProxy} adds DynamoDB behaviour above it, and the two chain.
 * <p>
 * Faults are off until {@link #inject} names which requests get which fault: a fraction of them
 * (a seeded random, so a run repeats) or the first n. Every other request is forwarded byte for byte
 * (one upstream connection per request). Binds 127.0.0.1 on a free port; its threads are daemons
 * and {@link #close()} stops it.
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to a chosen request. */
    public enum Fault {
        /** The connection is reset (RST) once the request is read; nothing reaches the server. */
        RESET,
        /** Forwarded; the answer's headers and half its body are sent, then the connection is reset. */
        RESET_MID_BODY,
        /** Forwarded; the answer promises its whole Content-Length, sends half, and closes the connection. */
        CUT_BODY,
        /** S3's 503 SlowDown; nothing reaches the server. */
        S3_SLOW_DOWN,
        /** S3's 500 InternalError; nothing reaches the server. */
        S3_INTERNAL_ERROR,
        /** DynamoDB's 400 ThrottlingException; nothing reaches the server. */
        DYNAMODB_THROTTLING,
        /** DynamoDB's 500 InternalServerError; nothing reaches the server. */
        DYNAMODB_INTERNAL_ERROR
    }

    /** A request as the proxy sees it, for choosing which ones fail. */
    public record Call(String method, String target, String operation) {

        /** An S3 GET (a download, whole or ranged) of a key containing {@code keyPart}. */
        public static Predicate<Call> s3Get(String keyPart) {
            return call -> call.method.equals("GET") && call.operation.isEmpty() && call.target.contains(keyPart);
        }

        /** An S3 write (PUT or POST: objects, parts, multipart calls). */
        public static Predicate<Call> s3Write() {
            return call -> (call.method.equals("PUT") || call.method.equals("POST")) && call.operation.isEmpty();
        }

        /** An S3 PutObject of a key containing {@code keyPart}. */
        public static Predicate<Call> s3Put(String keyPart) {
            return call -> call.method.equals("PUT") && call.operation.isEmpty() && call.target.contains(keyPart);
        }

        /** A DynamoDB call of {@code operation} (Scan, BatchWriteItem, …), or of any operation when null. */
        public static Predicate<Call> dynamoDb(String operation) {
            return call -> !call.operation.isEmpty() && (operation == null || call.operation.equals(operation));
        }
    }

    private record Rule(Fault fault, Predicate<Call> which, double fraction, AtomicInteger left) {
    }

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Expect", "Transfer-Encoding",
            "Content-Length", "Proxy-Connection", "TE", "Upgrade");

    private final URI upstream;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Random random = new Random(19);

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** {@code fraction} (0..1) of the requests {@code which} selects get {@code fault}, for as long as the proxy runs. */
    public FaultProxy inject(Fault fault, Predicate<Call> which, double fraction) {
        rules.add(new Rule(fault, which, fraction, new AtomicInteger(Integer.MAX_VALUE)));
        return this;
    }

    /** The next {@code count} requests {@code which} selects get {@code fault}; later ones go through. */
    public FaultProxy injectFirst(Fault fault, Predicate<Call> which, int count) {
        rules.add(new Rule(fault, which, 1.0, new AtomicInteger(count)));
        return this;
    }

    /** No more faults from now on. */
    public FaultProxy off() {
        rules.clear();
        return this;
    }

    /** How many requests got {@code fault} so far. */
    public int injected(Fault fault) {
        return injected.computeIfAbsent(fault, f -> new AtomicInteger()).get();
    }

    /** How many requests were received so far. */
    public int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
            HttpMessage request;
            while ((request = HttpMessage.readRequest(in, out)) != null) {
                requests.incrementAndGet();
                if (!answer(client, out, request)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or the proxy was closed: nothing to answer any more
        } finally {
            open.remove(client);
        }
    }

    /** Answers one request; false when the connection was broken on purpose. */
    private boolean answer(Socket client, OutputStream out, HttpMessage request) throws IOException {
        String target = request.header("X-Amz-Target");
        Call call = new Call(request.method(), request.target(),
                target == null ? "" : target.substring(target.indexOf('.') + 1));
        Fault fault = choose(call);
        if (fault == Fault.RESET) {
            reset(client);
            return false;
        }
        HttpMessage reply = fault == null || fault == Fault.CUT_BODY || fault == Fault.RESET_MID_BODY
                ? forward(request) : FaultReplies.of(fault, request.method());
        // A HEAD's answer keeps the length of the body it does not send.
        String length = request.method().equals("HEAD") && reply.header("Content-Length") != null
                ? reply.header("Content-Length") : String.valueOf(reply.body().length);
        HttpMessage framed = reply.withHeaders(HOP_BY_HOP, "Content-Length", length);
        if (fault == Fault.CUT_BODY || fault == Fault.RESET_MID_BODY) {
            framed.writeTo(out, reply.body().length / 2);
            if (fault == Fault.RESET_MID_BODY) {
                reset(client);
            }
            return false;
        }
        framed.writeTo(out, reply.body().length);
        return true;
    }

    private Fault choose(Call call) {
        for (Rule rule : rules) {
            if (rule.left().get() > 0 && rule.which().test(call) && draw(rule.fraction())
                    && rule.left().getAndDecrement() > 0) {
                injected.computeIfAbsent(rule.fault(), f -> new AtomicInteger()).incrementAndGet();
                return rule.fault();
            }
        }
        return null;
    }

    private synchronized boolean draw(double fraction) {
        return fraction >= 1.0 || random.nextDouble() < fraction;
    }

    /** The request as the server answers it, on a connection of its own. */
    private HttpMessage forward(HttpMessage request) throws IOException {
        try (Socket socket = new Socket(upstream.getHost(), upstream.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            request.withHeaders(HOP_BY_HOP, "Content-Length", String.valueOf(request.body().length),
                    "Connection", "close").writeTo(out, request.body().length);
            return HttpMessage.readResponse(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    request.method());
        }
    }

    /** SO_LINGER 0: closing sends a TCP RST, which the client reports as "Connection reset". */
    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
        threads.shutdownNow();
    }
}
