package io.parley.build;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class TemplateSpaceTest {
    @Test
    public void dropsIndentationBetweenTags() {
        assertEquals("<div><std:if condition=\"a\"><span>x</span></std:if></div>",
                TemplateSpace.strip("<div>\n  <std:if condition=\"a\">\n    <span>x</span>\n  </std:if>\n</div>"));
    }

    @Test
    public void keepsSpacesInTextAttributesAndBeforeALabel() {
        String html = "<b>a b</b> <i>c</i><p\n   class=\"x\">\n<span>&#x2193;</span>\n  <html:text value=\"t\"/></p>";
        assertEquals("<b>a b</b> <i>c</i><p\n   class=\"x\"><span>&#x2193;</span>\n  <html:text value=\"t\"/></p>",
                TemplateSpace.strip(html));
    }
}
