package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks JSON over HTTP to a running service. */
final class HttpClientForTests {

    /** A response with its body parsed as JSON. */
    record Response(int status, String contentType, JsonNode json, String raw) {

        String message() {
            return json.path("message").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    HttpClientForTests(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            // Only JSON is parsed: /metrics is text, /docs a page.
            JsonNode json = body.isEmpty() || !response.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? JSON.nullNode() : JSON.readTree(body);
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    /** The sum of the /metrics samples whose line starts with {@code series} (a name and the start of its labels). */
    double metric(String series) {
        return get("/metrics").raw().lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    Response addBatch(String ref, String sku, int qty, String eta) {
        return post("/add_batch", "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty
                + (eta == null ? "" : ",\"eta\":\"" + eta + "\"") + "}");
    }

    Response allocate(String orderId, String sku, int qty) {
        return post("/allocate", "{\"orderid\":\"" + orderId + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty + "}");
    }

    Response changeBatchQuantity(String ref, int qty) {
        return post("/change_batch_quantity", "{\"ref\":\"" + ref + "\",\"qty\":" + qty + "}");
    }

    Response allocations(String orderId) {
        return get("/allocations/" + orderId);
    }

    /** An allocation that waits for stock when none fits now. */
    Response backorder(String orderId, String sku, int qty) {
        return post("/allocate", "{\"orderid\":\"" + orderId + "\",\"sku\":\"" + sku + "\",\"qty\":" + qty
                + ",\"backorder\":true}");
    }

    Response deallocate(String orderId, String sku) {
        return post("/deallocate", "{\"orderid\":\"" + orderId + "\",\"sku\":\"" + sku + "\"}");
    }

    Response order(String orderId) {
        return get("/orders/" + orderId);
    }

    Response product(String sku) {
        return get("/products/" + sku);
    }
}
