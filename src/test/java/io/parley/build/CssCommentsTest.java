package io.parley.build;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CssCommentsTest {
    @Test
    public void dropsCommentsAndBlankLinesOnly() {
        String css = "/* header\n   spans lines */\n.a { color: red; } /* trailing */\n\n  \n.b{margin:0}\n/* unclosed";
        assertEquals(".a { color: red; } \n.b{margin:0}\n", CssComments.strip(css));
    }

    @Test
    public void leavesCommentFreeCssAlone() {
        String css = ".a{b:c}\n:host{--x:1px}\n";
        assertEquals(css, CssComments.strip(css));
    }

    @Test
    public void squeezesSpaceAroundPunctuationButNotInsideSelectorsOrValues() {
        String css = ".a :focus-visible {\n  outline: 2px solid red;\n  font: 1px \"Segoe UI\";\n}\n.b,\n.c { margin: 0 }\n";
        assertEquals(".a :focus-visible{outline:2px solid red;font:1px \"Segoe UI\";}.b,.c{margin:0}\n",
                CssComments.squeeze(css));
    }
}
