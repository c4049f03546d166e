package io.parley.e2e;

import static org.junit.Assert.assertEquals;

import io.parley.testsupport.Browser;
import io.parley.testsupport.BrowserTestBase;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Flavour template page compiles under TeaVM 0.16 and its bindings update the DOM. */
public class FlavourTemplateE2ETest extends BrowserTestBase {
    @Test
    public void typeClickAndTheListUpdates() throws Exception {
        driver.get(server.baseUri().resolve("/demo/flavour.html").toString());
        WebElement input = Browser.waitFor(driver, d -> d.findElement(By.id("qr-input")));
        assertEquals("0 replies", driver.findElement(By.id("qr-count")).getText());

        input.sendKeys("Please describe your symptoms.");
        driver.findElement(By.id("qr-add")).click();
        input.sendKeys("   ");
        driver.findElement(By.id("qr-add")).click();
        input.sendKeys("<b>Take with food</b>");
        driver.findElement(By.id("qr-add")).click();

        assertEquals(List.of("Please describe your symptoms.", "<b>Take with food</b>"), replies());
        assertEquals("2 replies", driver.findElement(By.id("qr-count")).getText());
        assertEquals("bidir-value clears the input after add", "", input.getAttribute("value"));
        assertEquals("text is text, not markup", 0, driver.findElements(By.cssSelector("#qr-list b")).size());

        driver.findElements(By.cssSelector(".qr-remove")).get(0).click();
        assertEquals(List.of("<b>Take with food</b>"), replies());
        assertEquals("1 replies", driver.findElement(By.id("qr-count")).getText());
        Browser.screenshot(driver, "flavour-demo-1280x800");
    }

    private static List<String> replies() {
        return driver.findElements(By.cssSelector("#qr-list .qr-text")).stream()
                .map(WebElement::getText).collect(Collectors.toList());
    }
}
