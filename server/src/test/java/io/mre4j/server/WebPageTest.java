package io.mre4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.io.DocumentJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page end to end in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * .ci/run installs): type a text, click, and check that the page shows exactly what the API answers. Screenshots go
 * to {@code target/}.
 */
class WebPageTest {
    private static final String CHROMIUM = System.getenv().getOrDefault("MRE4J_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER =
            System.getenv().getOrDefault("MRE4J_CHROMEDRIVER", "/usr/bin/chromedriver");

    private static TestServer server;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "this test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + ": apt-get install chromium chromium-driver (.ci/run does)");
        server = TestServer.start(c -> { });
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,1600", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void typingATextAndClickingShowsTheModelsLabelsSpansEvidenceAndJson() throws Exception {
        openPage();
        String text = TestEngine.englishTrainingText().text();
        WebElement box = browser.findElement(By.id("text"));
        box.clear();
        box.sendKeys(text);
        browser.findElement(By.id("extract")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results")));
        wait.until(d -> d.findElement(By.id("json")).getText().contains(text));

        JsonNode answer = TestServer.json(server.extract("{\"text\": " + TestServer.quote(text)
                + ", \"lang\": \"en\", \"evidence\": true}"));
        Document expected = DocumentJson.fromNode(answer.get("documents").get(0));
        assertFalse(expected.spans().isEmpty(), "the model finds spans in a training text");

        List<String> predicted = browser.findElements(By.cssSelector("#labels li.predicted")).stream()
                .map(e -> e.getAttribute("data-label")).toList();
        assertEquals(expected.labels(), predicted);
        List<WebElement> bars = browser.findElements(By.cssSelector("#labels li.label"));
        assertEquals(Math.min(8, expected.scores().labels().size()), bars.size());
        int i = 0;
        for (Map.Entry<String, Double> score : expected.scores().labels().entrySet()) {
            if (i == bars.size()) {
                break;
            }
            WebElement bar = bars.get(i++);
            assertEquals(score.getKey(), bar.getAttribute("data-label"));
            String shown = bar.findElement(By.className("value")).getText();
            assertTrue(shown.endsWith("%"), shown);
            assertEquals(score.getValue() * 100, Double.parseDouble(shown.substring(0, shown.length() - 1)), 0.051,
                    "a percentage with one decimal");
        }

        @SuppressWarnings("unchecked")
        List<List<String>> marks = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#highlighted mark.span')]"
                        + ".map(m => [m.firstChild.textContent, m.dataset.label]);");
        List<List<String>> spans = new ArrayList<>();
        for (Span span : expected.sortedSpans()) {
            spans.add(List.of(span.surface(text), span.label()));
        }
        assertEquals(spans, marks);
        assertEquals(text, ((JavascriptExecutor) browser).executeScript(
                "const p = document.getElementById('highlighted').cloneNode(true);"
                        + "p.querySelectorAll('.tag').forEach(t => t.remove()); return p.textContent;"));
        List<String> legend = browser.findElements(By.cssSelector("#legend li")).stream()
                .map(e -> e.getAttribute("data-label")).toList();
        assertEquals(new ArrayList<>(new LinkedHashSet<>(spans.stream().map(s -> s.get(1)).toList())), legend);
        String firstColour = browser.findElement(By.cssSelector("#highlighted mark.span")).getCssValue(
                "background-color");
        String legendColour = browser.findElement(By.cssSelector("#legend li[data-label='" + spans.get(0).get(1)
                + "'] .swatch")).getCssValue("background-color");
        assertEquals(legendColour, firstColour, "a span has its legend's colour");

        List<WebElement> rows = browser.findElements(By.cssSelector("#evidence .effect-row"));
        JsonNode evidence = answer.get("evidence").get(0);
        assertEquals(expected.spans().size() * expected.labels().size(), rows.size());
        for (WebElement row : rows) {
            JsonNode entry = evidence.get("spans").get(Integer.parseInt(row.getAttribute("data-span")));
            assertEquals(entry.get("effect").get(row.getAttribute("data-label")).asDouble(),
                    Double.parseDouble(row.getAttribute("data-effect")), 1e-9);
        }

        JsonNode shown = DocumentJson.MAPPER.readTree(browser.findElement(By.id("json")).getText());
        assertEquals(answer, shown, "the JSON view is the API's answer");
        browser.findElement(By.id("copy")).click();
        wait.until(ExpectedConditions.textToBe(By.id("copy-status"), "Copied."));
        screenshot("web-page.png");
    }

    @Test
    void aJapaneseExampleIsSentAsJapaneseAndHighlightedInPlace() throws Exception {
        openPage();
        WebElement example = browser.findElements(By.cssSelector("button.example[data-lang='ja']")).get(0);
        String text = example.getAttribute("data-text");
        example.click();
        assertEquals(text, browser.findElement(By.id("text")).getAttribute("value"));
        assertEquals("ja", browser.findElement(By.id("lang")).getAttribute("value"));
        browser.findElement(By.id("extract")).click();
        wait.until(d -> d.findElement(By.id("json")).getText().contains(text));
        JsonNode shown = DocumentJson.MAPPER.readTree(browser.findElement(By.id("json")).getText());
        assertEquals("ja", shown.get("documents").get(0).get("lang").asText());
        JsonNode answer = TestServer.json(server.extract("{\"text\": " + TestServer.quote(text)
                + ", \"lang\": \"ja\", \"evidence\": true}"));
        assertEquals(answer, shown);
        assertEquals(answer.get("documents").get(0).get("spans").size(),
                browser.findElements(By.cssSelector("#highlighted mark.span")).size());
        screenshot("web-page-ja.png");
    }

    @Test
    void anErrorFromTheApiIsShownNotSwallowed() {
        openPage();
        WebElement box = browser.findElement(By.id("text"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", box, "x".repeat(10_001));
        browser.findElement(By.id("extract")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Error 413"));
        assertTrue(browser.findElement(By.id("status")).getText().contains("the limit is 10000"));
    }

    private static void openPage() {
        browser.get(server.uri("/").toString());
        wait.until(d -> d.findElement(By.id("model-summary")).getText().startsWith("model: demo"));
        assertEquals(List.of("en", "ja"), browser.findElements(By.cssSelector("#lang option")).stream()
                .map(e -> e.getAttribute("value")).toList());
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(target) > 10_000, "a screenshot of a rendered page");
    }
}
