package io.parley.desk;

import io.parley.sdk.Js;

/** The desk's own UI text in en and zh-CN (the chat views use the widget's Strings), chosen like the widget's. */
final class DeskStrings {
    final String lang;
    final String conversations;
    final String filter;
    final String unreadOnly;
    final String back;
    final String pick;
    final String empty;
    final String loading;
    final String failed;
    final String unread;
    final String image;
    final String recalled;
    final String notify;
    final String sound;
    final String quick;
    final String newMessage;
    final String you;

    DeskStrings(String locale) {
        boolean en = Js.english(locale);
        lang = en ? "en" : "zh-CN";
        conversations = en ? "Conversations" : "\u4f1a\u8bdd";
        filter = en ? "Filter by name or ID" : "\u6309\u59d3\u540d\u6216 ID \u7b5b\u9009";
        unreadOnly = en ? "Unread only" : "\u4ec5\u672a\u8bfb";
        back = en ? "Back to conversations" : "\u8fd4\u56de\u4f1a\u8bdd\u5217\u8868";
        pick = en ? "Pick a conversation on the left" : "\u8bf7\u5728\u5de6\u4fa7\u9009\u62e9\u4e00\u4e2a\u4f1a\u8bdd";
        empty = en ? "No conversations" : "\u6ca1\u6709\u4f1a\u8bdd";
        loading = en ? "Loading\u2026" : "\u52a0\u8f7d\u4e2d\u2026";
        failed = en ? "Could not load conversations" : "\u4f1a\u8bdd\u5217\u8868\u52a0\u8f7d\u5931\u8d25";
        unread = en ? "{0} unread" : "{0} \u6761\u672a\u8bfb";
        image = en ? "[image]" : "[\u56fe\u7247]";
        recalled = en ? "Message recalled" : "\u6d88\u606f\u5df2\u64a4\u56de";
        notify = en ? "Desktop notifications" : "\u684c\u9762\u901a\u77e5";
        sound = en ? "Sound" : "\u63d0\u793a\u97f3";
        quick = en ? "Quick replies" : "\u5feb\u6377\u56de\u590d";
        newMessage = en ? "New message" : "\u65b0\u6d88\u606f";
        you = en ? "You: " : "\u6211\uff1a";
    }

    static String fill(String pattern, String a) {
        return pattern.replace("{0}", a);
    }
}
