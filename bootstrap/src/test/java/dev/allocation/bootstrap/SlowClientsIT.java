package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.adapters.web.HttpLimits;
import dev.allocation.bootstrap.HttpClientForTests.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients that send their bodies slowly cost the service a connection each, never its service to others. */
class SlowClientsIT {

    private static final int SLOW_CLIENTS = 400;
    /** Short deadlines, so that the test sees them pass without waiting out the defaults; idle stays long. */
    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(3),
            HttpLimits.DEFAULT.idleTimeout(), HttpLimits.DEFAULT.grace());

    @TempDir
    Path folder;

    @Test
    void hundredsOfSlowBodiesDoNotStopOtherClients() throws Exception {
        try (AllocationService service = AllocationService.start(settings())) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("b1", "SLOW-SKU", 1_000, null);
            List<Socket> slow = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    slow.add(startSlowBody(service.port(), "/allocate"));
                }
                // A byte trickles in on every slow connection every 400 ms, stopping well short of the
                // body deadline however slow a loaded machine makes the rounds (the deadline counts
                // from the headers whatever trickles in, so a round that starts late changes nothing).
                long trickle = LIMITS.bodyDeadline().minusMillis(1_500).toNanos();
                for (int round = 0; round == 0 || round < 6 && System.nanoTime() - opened < trickle; round++) {
                    for (Socket socket : slow) {
                        socket.getOutputStream().write(' ');
                    }
                    long started = System.nanoTime();
                    assertThat(http.get("/health").status()).isEqualTo(200);
                    assertThat(http.allocate("normal-" + round, "SLOW-SKU", 1).status()).isEqualTo(201);
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                    Thread.sleep(400); // the pace of a slow client, not a wait for the service
                }
                String answer = readAll(slow.get(0), Duration.ofSeconds(15));
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Content-Type: application/json")
                        .contains("Connection: close").contains("X-Request-Id: ").endsWith("{\"message\":\"The request did not arrive in time\"}");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            Response normal = http.allocations("normal-0");
            assertThat(normal.status()).isEqualTo(200);
        }
    }

    @Test
    void headersThatKeepTricklingInAreCutOff() throws Exception {
        try (AllocationService service = AllocationService.start(settings());
             Socket socket = new Socket("127.0.0.1", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            // A header every 400 ms: never idle for the idle timeout, but never done either.
            for (int i = 0; i < 30 && !closed; i++) {
                Thread.sleep(400); // the pace of a slow client, not a wait for the service
                try {
                    out.write(("X-Slow-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout(1);
                    closed = socket.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    closed = false;
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed by the header deadline").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(LIMITS.headerDeadline().minusSeconds(1), LIMITS.headerDeadline().plusSeconds(5));
        }
    }

    @Test
    void sigtermLetsARequestStillArrivingFinishOnH2() throws Exception {
        Map<String, String> environment = Map.of("DATABASE_URL", TestDatabases.h2(folder));
        Path log = folder.resolve("service.log");
        Socket inFlight;
        try (ServiceChild service = ServiceChild.start(environment, log)) {
            new HttpClientForTests(service.port()).addBatch("b1", "DRAIN-SKU", 10, null);
            // Jetty answers "100 Continue" once the route starts reading the body: from then on the
            // request is in flight. One that arrives after the SIGTERM is refused with a 503 instead.
            inFlight = startExpectingContinue(service.port(), "/allocate");
            assertThat(readHead(inFlight, Duration.ofSeconds(20))).startsWith("HTTP/1.1 100 ");
            service.terminate();
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(service.port())); // draining
            finishBody(inFlight, "{\"orderid\":\"o1\",\"sku\":\"DRAIN-SKU\",\"qty\":3}", 0);
            String answer = readAll(inFlight, Duration.ofSeconds(20));
            assertThat(answer).as("answered while draining").startsWith("HTTP/1.1 201 ").contains("\"batchref\":\"b1\"");
            service.awaitExit(Duration.ofSeconds(30));
        }
        try (ServiceChild restarted = ServiceChild.start(environment, log)) {
            Response kept = new HttpClientForTests(restarted.port()).allocations("o1");
            assertThat(kept.status()).as("the drained allocation is durable").isEqualTo(200);
        }
    }

    private ServiceSettings settings() {
        return new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 4))
                .withHttpLimits(LIMITS);
    }

    /** Whether the port takes new connections: a draining server has closed it. */
    private static boolean accepts(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Sends the headers of a 200-byte JSON body and its first byte. */
    private static Socket startSlowBody(int port, String path) throws IOException {
        return open(port, path, "", "{");
    }

    /** Headers that ask for "100 Continue" before any byte of a 200-byte body. */
    private static Socket startExpectingContinue(int port, String path) throws IOException {
        return open(port, path, "Expect: 100-continue\r\n", "");
    }

    /** A POST of a 200-byte JSON body, of which only {@code start} is sent. */
    private static Socket open(int port, String path, String headers, String start) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n" + headers + "\r\n" + start).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** An interim response's status line and headers, up to its blank line. */
    private static String readHead(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The body after its first {@code sent} bytes, padded with spaces to 200 bytes. */
    private static void finishBody(Socket socket, String json, int sent) throws IOException {
        String rest = json.substring(sent);
        socket.getOutputStream().write((rest + " ".repeat(200 - sent - rest.length())).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readAll(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (answer.indexOf("\r\n\r\n") > 0 && answer.toString().contains("Content-Length: ")) {
                int headersEnd = answer.indexOf("\r\n\r\n") + 4;
                String lengthHeader = answer.substring(answer.indexOf("Content-Length: ") + 16);
                int length = Integer.parseInt(lengthHeader.substring(0, lengthHeader.indexOf("\r\n")).trim());
                if (answer.length() - headersEnd >= length) {
                    break;
                }
            }
        }
        return answer.toString();
    }
}
