package io.strata.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 message read off a socket by {@link FaultProxy}: its start line, headers and body,
 * the body already taken out of its framing (Content-Length, chunked, or up to the end of the
 * stream), so that the proxy can send it again with a Content-Length of its own choosing, or fewer
 * bytes than that length promises.
 */
record HttpMessage(String startLine, List<String[]> headers, byte[] body) {

    /** A request's head and body; null when the peer closed the connection between requests. */
    static HttpMessage readRequest(InputStream in, OutputStream continueTo) throws IOException {
        String start = line(in);
        if (start == null || start.isEmpty()) {
            return null;
        }
        List<String[]> headers = headers(in);
        HttpMessage head = new HttpMessage(start, headers, new byte[0]);
        if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
            // Answered here: the body is wanted whatever the proxy then does with the request.
            continueTo.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            continueTo.flush();
        }
        return new HttpMessage(start, headers, body(in, head, false));
    }

    /** A response to a request made with {@code Connection: close}: its body ends where the stream does, at the latest. */
    static HttpMessage readResponse(InputStream in, String requestMethod) throws IOException {
        String start = line(in);
        if (start == null) {
            throw new EOFException("no response from upstream");
        }
        List<String[]> headers = headers(in);
        HttpMessage head = new HttpMessage(start, headers, new byte[0]);
        int status = head.status();
        boolean bodiless = requestMethod.equals("HEAD") || status == 204 || status == 304 || status < 200;
        return new HttpMessage(start, headers, bodiless ? new byte[0] : body(in, head, true));
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The request target: path and query. */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    int status() {
        return Integer.parseInt(startLine.split(" ")[1]);
    }

    String header(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    /** The same message without {@code names} (case-insensitive) and with {@code extra} headers added. */
    HttpMessage withHeaders(List<String> names, String... extra) {
        List<String> drop = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<String[]> kept = new ArrayList<>();
        for (String[] header : headers) {
            if (!drop.contains(header[0].toLowerCase(Locale.ROOT))) {
                kept.add(header);
            }
        }
        for (int i = 0; i < extra.length; i += 2) {
            kept.add(new String[] {extra[i], extra[i + 1]});
        }
        return new HttpMessage(startLine, kept, body);
    }

    /** The start line and headers, then {@code bodyBytes} of the body (all of it, or a cut). */
    void writeTo(OutputStream out, int bodyBytes) throws IOException {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, bodyBytes);
        out.flush();
    }

    private static List<String[]> headers(InputStream in) throws IOException {
        List<String[]> headers = new ArrayList<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        return headers;
    }

    private static byte[] body(InputStream in, HttpMessage head, boolean untilEndAllowed) throws IOException {
        String length = head.header("Content-Length");
        String encoding = head.header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in);
        }
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        return untilEndAllowed ? in.readAllBytes() : new byte[0];
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new EOFException("chunked body cut short");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = line(in)) != null && !trailer.isEmpty()) {
                    // trailers are dropped: the proxy re-frames the body with a Content-Length
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    /** One CRLF-terminated line without its terminator; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
