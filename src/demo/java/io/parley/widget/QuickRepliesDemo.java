package io.parley.widget;

import java.util.ArrayList;
import java.util.List;
import org.teavm.flavour.templates.BindTemplate;
import org.teavm.flavour.templates.Templates;

/**
 * A doctor's canned replies: the smallest real Flavour page, proving templates compile and
 * update under TeaVM 0.16 (with {@link io.parley.build.FlavourCompatPlugin}).
 */
@BindTemplate("templates/quick-replies.html")
public class QuickRepliesDemo {
    private String draft = "";
    private final List<String> replies = new ArrayList<>();

    public static void main(String[] args) {
        Templates.bind(new QuickRepliesDemo(), "quick-replies");
    }

    public String getDraft() {
        return draft;
    }

    public void setDraft(String draft) {
        this.draft = draft;
    }

    public List<String> getReplies() {
        return replies;
    }

    public void add() {
        String text = draft.trim();
        if (!text.isEmpty()) {
            replies.add(text);
        }
        draft = "";
    }

    public void remove(String reply) {
        replies.remove(reply);
    }
}
