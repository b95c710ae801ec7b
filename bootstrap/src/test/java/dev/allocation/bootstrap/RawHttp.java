package dev.allocation.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests no well-behaved client
 * would send: raw bytes in the URI, broken escapes, odd headers, chunked bodies cut anywhere.
 */
final class RawHttp {

    /** A request exactly as it goes on the wire, apart from Host, Connection and the framing. */
    record Request(String method, byte[] target, Map<String, String> headers, byte[] body, int chunkSize) {

        String describe() {
            return method + " " + new String(target, StandardCharsets.ISO_8859_1) + " " + headers
                    + (body == null ? "" : " chunk=" + chunkSize + " body=" + printable(body));
        }
    }

    record Response(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Response send(Request request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.write((request.method() + " ").getBytes(StandardCharsets.US_ASCII));
            wire.write(request.target());
            wire.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                wire.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (request.body() == null) {
                wire.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (request.chunkSize() > 0) {
                wire.write("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] body = request.body();
                for (int at = 0; at < body.length; at += request.chunkSize()) {
                    int n = Math.min(request.chunkSize(), body.length - at);
                    wire.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    wire.write(body, at, n);
                    wire.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                wire.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                wire.write(("Content-Length: " + request.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                wire.write(request.body());
            }
            try {
                out.write(wire.toByteArray());
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer (413, 431) and close before it has read everything: read that answer.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** A POST whose body stops arriving after {@code part}, of the {@code declaredLength} bytes it announced. */
    Response sendUnfinishedBody(String path, byte[] part, int declaredLength) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer was sent: keep what arrived
        }
        return all.toByteArray();
    }

    private static Response parse(byte[] raw) {
        // ISO-8859-1 maps each byte to one char, so the framing (chunk sizes are in bytes) holds.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headersEnd < 0) {
            throw new IllegalStateException("not an HTTP response: " + printable(raw));
        }
        String[] lines = text.substring(0, headersEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(headersEnd + 4);
        if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 300); i++) {
            int b = bytes[i] & 0xFF;
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return bytes.length > 300 ? out + "...(" + bytes.length + " bytes)" : out.toString();
    }
}
