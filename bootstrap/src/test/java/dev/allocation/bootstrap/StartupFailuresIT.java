package dev.allocation.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start-up that cannot work ends with exit code 2 and one line on stderr that names the cause and
 * what to do, and no stack trace anywhere.
 */
class StartupFailuresIT {

    @TempDir
    Path folder;

    static void assertOneLine(ServiceMain.Exit exit, String... expected) {
        assertThat(exit.code()).as("exit code; stderr %s", exit.err()).isEqualTo(2);
        assertThat(exit.err()).as("stderr").hasSize(1);
        assertThat(exit.err().get(0)).contains(expected);
        assertThat(exit.out()).as("no stack trace in the log").noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
    }

    @Test
    void aBadSettingNamesTheVariable() throws Exception {
        assertOneLine(ServiceMain.run(folder, Map.of("DATABASE_POOL_SIZE", "lots")),
                "Invalid configuration: DATABASE_POOL_SIZE must be a whole number from 1 to 1000, was 'lots'");
        assertOneLine(ServiceMain.run(folder, Map.of("LOG_LEVEL", "loud")), "LOG_LEVEL must be error, warn, info, debug or trace");
    }

    @Test
    void aPortInUseNamesThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceMain.Exit exit = ServiceMain.run(folder, Map.of("HTTP_PORT", String.valueOf(taken.getLocalPort())));
            assertOneLine(exit, "port " + taken.getLocalPort() + " on 127.0.0.1 is in use", "HTTP_PORT");
        }
    }

    @Test
    void anH2FileThatAnotherProcessHoldsIsNamed() throws Exception {
        try (Connection holder = DriverManager.getConnection(TestDatabases.h2(folder), "sa", "")) {
            assertOneLine(ServiceMain.run(folder, Map.of()), "is in use by another process", "DATABASE_URL");
        }
    }

    @Test
    void anH2LoginThatIsRefusedNamesTheCredentials() throws Exception {
        DriverManager.getConnection(TestDatabases.h2(folder), "sa", "").close();
        assertOneLine(ServiceMain.run(folder, Map.of("DATABASE_PASSWORD", "not-the-password")),
                "refused the login of user 'sa'", "DATABASE_USER and DATABASE_PASSWORD");
    }

    @Test
    void aDatabaseThatDoesNotListenIsNamed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertOneLine(ServiceMain.run(folder, Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/allocation")),
                "cannot connect to the database jdbc:postgresql://127.0.0.1:" + closed + "/allocation", "is it running");
    }

    @Test
    void anUnknownArgumentIsRefused() throws Exception {
        assertOneLine(ServiceMain.run(folder, Map.of(), "--serve"), "Unknown argument '--serve'", "--help");
        assertThat(Files.list(folder)).as("nothing started, no database made").noneMatch(path -> path.toString().endsWith(".mv.db"));
    }

    @Test
    void helpListsEverySettingWithItsDefault() throws Exception {
        ServiceMain.Exit exit = ServiceMain.run(folder, Map.of(), "--help");
        assertThat(exit.code()).isZero();
        assertThat(String.join("\n", exit.out())).contains("HTTP_PORT (default: 8080)", "DATABASE_URL (default: jdbc:h2:file:./data/allocation)",
                "LOG_LEVEL (default: info)");
        assertThat(Files.list(folder)).as("--help does not start the service").noneMatch(path -> path.toString().endsWith(".mv.db"));
    }

    @Test
    void versionIsTheProjects() throws Exception {
        ServiceMain.Exit exit = ServiceMain.run(folder, Map.of(), "--version");
        assertThat(exit.code()).isZero();
        assertThat(exit.out()).singleElement().asString().matches("allocation-service \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpAndTheConfigurationTableNameTheSameSettings() throws Exception {
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        String table = operations.substring(operations.indexOf("## Configuration"));
        Set<String> documented = new TreeSet<>();
        table.lines().takeWhile(line -> !line.startsWith("## Durability")).filter(line -> line.startsWith("| `"))
                .forEach(line -> Pattern.compile("`([A-Z_]+)`").matcher(line.split("\\|")[1]).results()
                        .forEach(name -> documented.add(name.group(1))));
        Set<String> helped = new TreeSet<>();
        Usage.SETTINGS.forEach(setting -> helped.addAll(List.of(setting.names().split(", "))));
        assertThat(helped).isEqualTo(documented);
    }
}
