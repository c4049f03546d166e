package io.parley.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Debian Chromium through its own chromedriver: nothing is downloaded. */
public final class Browser {
    private Browser() {
    }

    /** flags: more Chromium switches, e.g. --force-high-contrast (see {@link BrowserFlags}). */
    public static ChromeDriver start(boolean fakeCamera, String... flags) throws IOException {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(System.getProperty("parley.chromium", "/usr/bin/chromium"));
        Path profile = Files.createTempDirectory("parley-chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--window-size=1280,800",
                "--user-data-dir=" + profile);
        if (fakeCamera) {
            o.addArguments("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
        }
        o.addArguments(flags);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver")))
                .build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    public static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition::apply);
    }

    public static void resize(WebDriver driver, int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Writes target/screenshots/NAME.png for people to look at. */
    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Path.of(System.getProperty("parley.screenshots.dir", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
