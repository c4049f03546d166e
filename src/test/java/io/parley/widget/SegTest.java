package io.parley.widget;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.Test;

/** Message text segmentation on the JVM; the browser's URL parser is stood in for by java.net.URI. */
public class SegTest {
    /** Absolute http(s) with a host, normalized the way the WHATWG parser does for these inputs (lower-case scheme). */
    private static final UnaryOperator<String> HTTP_URL = s -> {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                return null;
            }
            return scheme + s.substring(scheme.length());
        } catch (Exception e) {
            return null;
        }
    };

    /** Each segment as "text" or "[text -> href]". */
    private static String show(String text) {
        List<Seg> segs = Seg.split(text, HTTP_URL);
        return segs.stream().map(g -> g.isLink() ? "[" + g.text + " -> " + g.href + "]" : g.text)
                .collect(Collectors.joining("|"));
    }

    @Test
    public void plainTextIsOneSegment() {
        assertEquals("hello", show("hello"));
        assertEquals("", show(""));
        assertEquals(1, Seg.split("", HTTP_URL).size());
    }

    @Test
    public void linksAreSplitOutOfTheText() {
        assertEquals("see |[https://example.com/a?b=9 -> https://example.com/a?b=9]| now",
                show("see https://example.com/a?b=9 now"));
        assertEquals("[http://a.example -> http://a.example]", show("http://a.example"));
        assertEquals("[HTTPS://A.example/x -> https://A.example/x]", show("HTTPS://A.example/x"));
    }

    @Test
    public void sentencePunctuationAfterALinkStaysText() {
        assertEquals("go to |[https://a.example/x -> https://a.example/x]|.", show("go to https://a.example/x."));
        assertEquals("(|[https://a.example/x -> https://a.example/x]|)", show("(https://a.example/x)"));
        assertEquals("[https://a.example/wiki/A_(b) -> https://a.example/wiki/A_(b)]|,",
                show("https://a.example/wiki/A_(b),"));
        assertEquals("[https://a.example/x -> https://a.example/x]|?!", show("https://a.example/x?!"));
    }

    @Test
    public void chinesePunctuationEndsALink() {
        assertEquals("请看|[https://a.example/x -> https://a.example/x]|，谢谢", show("请看https://a.example/x，谢谢"));
        assertEquals("“|[https://a.example -> https://a.example]|”", show("“https://a.example”"));
        assertEquals("[https://a.example -> https://a.example]|…", show("https://a.example…"));
    }

    @Test
    public void markupCharactersEndALinkAndStayText() {
        assertEquals("[https://a.example/x -> https://a.example/x]|<b>\"'", show("https://a.example/x<b>\"'"));
    }

    @Test
    public void aSchemeInsideAWordOrWithoutAHostIsNotALink() {
        assertEquals("xhttps://a.example", show("xhttps://a.example"));
        assertEquals("9http://a.example", show("9http://a.example"));
        assertEquals("http:// and https://", show("http:// and https://"));
        assertEquals("javascript:alert(1) ftp://a.example", show("javascript:alert(1) ftp://a.example"));
    }

    @Test
    public void aRefusedCandidateIsSkippedAndLaterLinksStillFound() {
        assertEquals("https://:80/x and |[https://b.example -> https://b.example]",
                show("https://:80/x and https://b.example"));
        assertEquals("[https://a.example -> https://a.example]| |[https://b.example -> https://b.example]",
                show("https://a.example https://b.example"));
    }
}
