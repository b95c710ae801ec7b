package dev.allocation.bootstrap;

import dev.allocation.bootstrap.RawHttp.Request;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Requests made by mutating valid ones: every POST route's body (values, types, structure, bytes)
 * and headers, and every GET route's path. All randomness comes from the {@link Random} handed in,
 * so a seed replays a run.
 */
final class FuzzRequests {

    /** Pieces that have broken JSON readers, databases or our own rules. */
    private static final String[] UNICODE = {
        "\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u00a0", "\u00e9", "e\u0301", "\u200b", "\u202e",
        "\u2028", "\ufeff", "\uffff", "\ud83d\ude00", "\ud800", "\udc00", "\udc00\ud800", "\\", "\"", "/", "%", "'",
        "\t", "\n", " ", "\u4e2d\u6587", "\ud834\udd1e",
    };
    private static final String[] EDGE_TEXTS = {"", " ", "   ", "\t", "null", "0", "\u3000"};
    private static final String[] QUANTITIES = {
        "1", "2", "5", "10", "0", "-0", "-1", "1.0", "1.5", "1e0", "1e2", "1E400", "-1e400", "1e-400", "999999999",
        "1000000000", "1000000001", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
        "99999999999999999999999", "0x10", "01", "+1", ".5", "NaN", "Infinity", "\"5\"", "true", "null", "[]", "{}", "[1]",
    };
    private static final String[] DATES = {
        "null", "\"2030-01-01\"", "\"2029-12-31\"", "\"2030-02-30\"", "\"2028-02-29\"", "\"2030-1-1\"", "\"20300101\"",
        "\"2030-01-01T00:00:00\"", "\"+12030-01-01\"", "\"0000-01-01\"", "\"-0001-01-01\"", "20300101", "\"\"",
        "[2030,1,1]", "\"2030-13-01\"", "\" 2030-01-01\"",
    };
    private static final String[] CONTENT_TYPES = {
        null, "application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
        "APPLICATION/JSON", "application/json; charset=\"utf-8\"", "application/problem+json", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/json; charset", "text/plain", "application/x-www-form-urlencoded",
        "", ";", "application/json; foo=bar",
    };
    private static final String[] TRAILERS = {" x", "{}", "}", "]", ",", " // c", "/* c */", "\u0000", " 1", "\"\"", " null"};
    private static final byte[][] BAD_BYTES = {
        {0}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xfe, (byte) 0xff},
    };
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "FOO"};

    /** The route and the fields of a valid body, in the order sent. */
    record Route(String path, Map<String, String> fields) {
    }

    private final String run;

    /** {@code run} prefixes the names of this run's SKUs, so that runs on one database stay apart. */
    FuzzRequests(String run) {
        this.run = run;
    }

    Request next(Random r) {
        return r.nextInt(4) == 0 ? get(r) : post(r);
    }

    Request post(Random r) {
        Route route = route(r);
        List<String[]> members = new ArrayList<>();
        route.fields().forEach((name, token) -> members.add(new String[]{name, token}));
        int mutations = r.nextBoolean() ? 0 : 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateMembers(r, members);
        }
        byte[] body = serialize(r, members);
        if (r.nextInt(10) == 0) {
            body = mutateBytes(r, body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String contentType = r.nextInt(6) == 0 ? pick(r, CONTENT_TYPES) : "application/json";
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        int chunkSize = r.nextInt(4) == 0 ? 1 + r.nextInt(32) : 0;
        return new Request("POST", route.path().getBytes(StandardCharsets.US_ASCII), headers, body, chunkSize);
    }

    private Route route(Random r) {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (r.nextInt(4)) {
            case 0 -> {
                fields.put("ref", quote(r, text(r, "ref-" + r.nextInt(60))));
                fields.put("sku", quote(r, text(r, sku(r))));
                fields.put("qty", r.nextInt(4) == 0 ? pick(r, QUANTITIES) : String.valueOf(1 + r.nextInt(50)));
                if (r.nextBoolean()) {
                    fields.put("eta", r.nextInt(3) == 0 ? pick(r, DATES) : "null");
                }
                return new Route("/add_batch", fields);
            }
            case 1 -> {
                fields.put("orderid", quote(r, text(r, order(r))));
                fields.put("sku", quote(r, text(r, sku(r))));
                fields.put("qty", r.nextInt(4) == 0 ? pick(r, QUANTITIES) : String.valueOf(1 + r.nextInt(5)));
                if (r.nextInt(3) == 0) {
                    fields.put("backorder", pick(r, new String[]{"true", "true", "false", "null", "1", "\"true\"", "[]"}));
                }
                return new Route("/allocate", fields);
            }
            case 2 -> {
                fields.put("orderid", quote(r, text(r, order(r))));
                fields.put("sku", quote(r, text(r, sku(r))));
                return new Route("/deallocate", fields);
            }
            default -> {
                fields.put("ref", quote(r, text(r, "ref-" + r.nextInt(60))));
                fields.put("qty", r.nextInt(4) == 0 ? pick(r, QUANTITIES) : String.valueOf(r.nextInt(60)));
                return new Route("/change_batch_quantity", fields);
            }
        }
    }

    /** Few enough that releases and repeats meet lines that exist. */
    private static String order(Random r) {
        return "order-" + r.nextInt(2_000);
    }

    private String sku(Random r) {
        return run + "-SKU-" + r.nextInt(6);
    }

    /** Mostly the plain value; otherwise one with a Unicode edge, at a length boundary, or an edge case. */
    private static String text(Random r, String plain) {
        return switch (r.nextInt(20)) {
            case 0 -> plain + pick(r, UNICODE);
            case 1 -> pick(r, UNICODE) + plain;
            case 2 -> plain + pick(r, UNICODE) + plain;
            case 3 -> (plain + "-" + "x".repeat(300)).substring(0, 254 + r.nextInt(3));
            case 4 -> plain + "\u00e9".repeat(200 + r.nextInt(60));
            case 5 -> plain + "\ud83d\ude00".repeat(110 + r.nextInt(20));
            case 6 -> pick(r, EDGE_TEXTS);
            default -> plain;
        };
    }

    private static void mutateMembers(Random r, List<String[]> members) {
        String[] target = members.isEmpty() ? null : members.get(r.nextInt(members.size()));
        switch (r.nextInt(9)) {
            case 0 -> {
                if (target != null) {
                    members.remove(target);
                }
            }
            case 1 -> {
                if (target != null) {
                    target[1] = "null";
                }
            }
            case 2 -> {
                if (target != null) {
                    target[1] = pick(r, new String[]{"1", "\"1\"", "true", "[]", "{}", "1.5", "-7", "\"\"", pick(r, QUANTITIES)});
                }
            }
            case 3 -> {
                if (target != null) {
                    members.add(new String[]{target[0], target[1]});
                }
            }
            case 4 -> members.add(new String[]{"extra" + r.nextInt(3), nested(r, r.nextInt(4) == 0 ? 900 + r.nextInt(300) : r.nextInt(20))});
            case 5 -> {
                for (int i = 0, n = r.nextInt(4) == 0 ? 4_000 : 1 + r.nextInt(50); i < n; i++) {
                    members.add(new String[]{"wide" + i, String.valueOf(i)});
                }
            }
            case 6 -> java.util.Collections.shuffle(members, r);
            case 7 -> {
                if (target != null) {
                    target[0] = target[0].toUpperCase(java.util.Locale.ROOT);
                }
            }
            default -> {
                if (target != null && target[0].equals("eta")) {
                    target[1] = pick(r, DATES);
                } else if (target != null && target[0].equals("qty")) {
                    target[1] = pick(r, QUANTITIES);
                }
            }
        }
    }

    private static String nested(Random r, int depth) {
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private static byte[] serialize(Random r, List<String[]> members) {
        String space = r.nextInt(5) == 0 ? pick(r, new String[]{" ", "\n", "\r\n\t", "  "}) : "";
        StringBuilder json = new StringBuilder("{").append(space);
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "" : "," + space).append('"').append(members.get(i)[0]).append("\":").append(space)
                    .append(members.get(i)[1]);
        }
        return json.append(space).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutateBytes(Random r, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (r.nextInt(6)) {
            case 0 -> out.write(body, 0, r.nextInt(body.length + 1));
            case 1 -> {
                out.writeBytes(body);
                out.writeBytes(pick(r, TRAILERS).getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> {
                out.writeBytes(new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
                out.writeBytes(body);
            }
            case 3 -> {
                int at = r.nextInt(body.length + 1);
                out.write(body, 0, at);
                out.writeBytes(BAD_BYTES[r.nextInt(BAD_BYTES.length)]);
                out.write(body, at, body.length - at);
            }
            case 4 -> {
                out.writeBytes("[".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
                out.writeBytes("]".getBytes(StandardCharsets.US_ASCII));
            }
            default -> out.writeBytes(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
        }
        return out.toByteArray();
    }

    Request get(Random r) {
        String method = pick(r, METHODS);
        String view = pick(r, new String[]{"/allocations/", "/allocations/", "/orders/", "/products/"});
        byte[] target = switch (r.nextInt(8)) {
            case 0 -> pick(r, new String[]{"/health", "/health/", "/HEALTH", "/allocations", "/allocations/", "/", "/health?x=1&&y",
                    "/allocations/o1/extra", "//allocations/o1", "/allocations/../health", "*", "/allocations/o1#frag", "/orders", "/orders/",
                    "/products/", "/products/x/y", "/deallocate"})
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> (view + URLEncoder.encode(text(r, "order-" + r.nextInt(100_000)), StandardCharsets.UTF_8)
                    .replace("+", "%20")).getBytes(StandardCharsets.UTF_8);
            case 2 -> (view + pick(r, new String[]{"%", "%0", "%zz", "%ff", "%00", "a%00b", "%c0%80", "%ed%a0%80",
                    "%2F", "%25", "%252F", "%20", "%7F", "%0a", "a;b", "a%3Bb"})).getBytes(StandardCharsets.US_ASCII);
            case 3 -> concat((view + "o").getBytes(StandardCharsets.US_ASCII), BAD_BYTES[r.nextInt(BAD_BYTES.length)]);
            case 4 -> (view + "a".repeat(r.nextBoolean() ? 255 + r.nextInt(3) : 9_000)).getBytes(StandardCharsets.US_ASCII);
            case 5 -> (view + "\u00e9\ud83d\ude00").getBytes(StandardCharsets.UTF_8);
            default -> (view + (view.equals("/products/") ? sku(r) : "order-" + r.nextInt(100_000))).getBytes(StandardCharsets.US_ASCII);
        };
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.nextInt(5) == 0) {
            headers.put("X-Request-Id", pick(r, new String[]{"ok-1", "", "a b", "x".repeat(200), "\u00e9", "id\u0001"}));
        }
        if (r.nextInt(10) == 0) {
            headers.put("X-Padding", "p".repeat(r.nextBoolean() ? 100 : 9_000));
        }
        return new Request(method, target, headers, null, 0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * A JSON string for {@code value}: escapes what must be escaped and, now and then, a character
     * that need not be; a lone surrogate can only be sent escaped. Rarely a control character goes
     * raw, which JSON forbids.
     */
    private static String quote(Random r, String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair && r.nextInt(4) != 0) {
                out.append(c).append(value.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 && r.nextInt(20) == 0) {
                out.append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || r.nextInt(50) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static <T> T pick(Random r, T[] choices) {
        return choices[r.nextInt(choices.length)];
    }
}
