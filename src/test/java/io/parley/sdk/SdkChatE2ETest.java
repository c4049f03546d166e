package io.parley.sdk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.BrowserTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A patient page and a doctor page (demo/sdk.html, written like the source's code) talk
 * through a real server; history paging in the source's handleHistoryResult style rebuilds
 * the whole conversation in order.
 */
public class SdkChatE2ETest extends BrowserTestBase {
    @Test
    public void patientAndDoctorChatThenHistoryRebuildsTheConversation() throws Exception {
        String patient = open("/demo/sdk.html?pin=patient-1&toChat=doctor-7&clientType=m");
        awaitStatus("open");
        driver.findElement(By.id("create-group")).click();
        String gid = Browser.waitFor(driver, d -> {
            String t = d.findElement(By.id("gid")).getText();
            return t.matches("\\d+") ? t : null;
        });

        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        String doctor = driver.getWindowHandle();
        driver.get(url("/demo/sdk.html?pin=doctor-7&toChat=patient-1&gid=" + gid));
        awaitStatus("open");

        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            boolean fromPatient = i % 2 == 1;
            driver.switchTo().window(fromPatient ? patient : doctor);
            String text = (fromPatient ? "patient says " : "doctor says ") + i + (i == 7 ? " <img src=x onerror=alert(1)>" : "");
            send(text);
            sent.add(text);
            // the other side sees it live, on the left
            driver.switchTo().window(fromPatient ? doctor : patient);
            awaitLastBubble(text, "other");
        }
        assertFalse("message text never becomes markup", driver.findElements(By.cssSelector("#chat-list img")).size() > 0);
        Browser.screenshot(driver, "sdk-demo-doctor-1280x800");

        // A fresh patient page: newest 10, then "load earlier" until the source's hasMoreHistory is false.
        driver.switchTo().window(patient);
        driver.get(url("/demo/sdk.html?pin=patient-1&toChat=doctor-7&gid=" + gid));
        awaitStatus("open");
        Browser.waitFor(driver, d -> bubbles().size() == 10);
        assertEquals(sent.subList(15, 25), bubbles());
        assertTrue(driver.findElement(By.id("load-more")).isEnabled());
        driver.findElement(By.id("load-more")).click();
        Browser.waitFor(driver, d -> bubbles().size() == 20);
        assertEquals(sent.subList(5, 25), bubbles());
        assertTrue(driver.findElement(By.id("load-more")).isEnabled());
        driver.findElement(By.id("load-more")).click();
        Browser.waitFor(driver, d -> bubbles().size() == 25);
        assertEquals(sent, bubbles());
        Browser.waitFor(driver, d -> !d.findElement(By.id("load-more")).isEnabled());
        assertEquals("No more messages", driver.findElement(By.id("history-state")).getText());

        // roles: odd messages are the patient's own (right side), even ones the doctor's
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#chat-list li')).map(function (li) { return li.className.split(' ')[0]; });");
        for (int i = 0; i < 25; i++) {
            assertEquals("message " + (i + 1), i % 2 == 0 ? "self" : "other", roles.get(i));
        }
        // mids strictly increasing in display order
        long prev = 0;
        for (WebElement li : driver.findElements(By.cssSelector("#chat-list li"))) {
            long mid = Long.parseLong(li.getAttribute("data-mid"));
            assertTrue(mid > prev);
            prev = mid;
        }
        assertEquals("", driver.findElement(By.id("last-error")).getText());
    }

    private static String open(String path) {
        driver.get(url(path));
        return driver.getWindowHandle();
    }

    private static void awaitStatus(String status) {
        Browser.waitFor(driver, d -> status.equals(d.findElement(By.id("status")).getText()));
    }

    private static void send(String text) {
        WebElement input = driver.findElement(By.id("text"));
        input.sendKeys(text);
        driver.findElement(By.id("send")).click();
        awaitLastBubble(text, "self");
    }

    private static void awaitLastBubble(String text, String role) {
        // read in one script: the demo page re-renders its list, so element handles go stale
        Browser.waitFor(driver, d -> List.of(role, text).equals(driver.executeScript(
                "var li = document.querySelector('#chat-list li:last-child');"
                + "return li ? [li.className.split(' ')[0], li.querySelector('.bubble').textContent] : null;")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> bubbles() {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#chat-list .bubble')).map(function (b) { return b.textContent; });");
    }
}
