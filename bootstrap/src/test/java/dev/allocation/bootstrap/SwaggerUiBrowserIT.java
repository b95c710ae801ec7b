package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real browser (Debian's chromium, headless, through its chromedriver): {@code /docs}
 * lists every route of {@code /openapi.json}, and "Try it out" on {@code POST /allocate} gets the
 * service's own answer. The browser has no internet to fall back on: everything comes from the jar.
 */
@EnabledIf(value = "browserInstalled", disabledReason = "the browser test needs chromium and chromedriver "
        + "(apt-get install chromium chromium-driver), or their paths in ALLOCATION_TEST_CHROMIUM and ALLOCATION_TEST_CHROMEDRIVER")
class SwaggerUiBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ALLOCATION_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("ALLOCATION_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Test
    void theDocsListEveryRouteAndTryItOutAllocates() throws Exception {
        ServiceSettings settings = new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 4));
        try (AllocationService service = AllocationService.start(settings)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("shelf-1", "LAMP", 10, null);
            JsonNode description = new ObjectMapper().readTree(http.get("/openapi.json").raw());
            Set<String> documented = new TreeSet<>();
            description.path("paths").fieldNames().forEachRemaining(documented::add);

            WebDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + service.port() + "/docs");
                WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-summary-path")));
                Set<String> listed = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                        .map(path -> path.getAttribute("data-path")).collect(Collectors.toCollection(TreeSet::new));
                assertThat(listed).as("the routes Swagger UI lists").isEqualTo(documented);

                WebElement allocate = browser.findElement(By.id("operations-default-allocate"));
                allocate.findElement(By.cssSelector(".opblock-summary")).click();
                wait.until(ExpectedConditions.elementToBeClickable(allocate.findElement(By.cssSelector(".try-out__btn")))).click();
                WebElement body = wait.until(ExpectedConditions.visibilityOf(allocate.findElement(By.cssSelector("textarea.body-param__text"))));
                body.clear();
                body.sendKeys("{\"orderid\": \"from-the-docs\", \"sku\": \"LAMP\", \"qty\": 2}");
                allocate.findElement(By.cssSelector("button.execute")).click();

                WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#operations-default-allocate .live-responses-table .response .response-col_status")));
                assertThat(status.getText()).as("the answer shown").startsWith("201");
                assertThat(allocate.findElement(By.cssSelector(".live-responses-table .response .response-col_description")).getText())
                        .contains("\"batchref\"", "\"shelf-1\"");
            } finally {
                browser.quit();
            }
            assertThat(http.get("/allocations/from-the-docs").raw()).as("the service allocated it").contains("shelf-1");
        }
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,2000");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }
}
