package io.parley.widget;

/** The widget's UI text in one locale: zh-CN (default) or en. Plain fields keep templates cheap. */
public final class Strings {
    public final String lang;
    public final String title;
    public final String openChat;
    public final String closeChat;
    public final String chatLog;
    public final String composer;
    public final String placeholder;
    public final String send;
    public final String sending;
    public final String failed;
    public final String resend;
    public final String loadingHistory;
    public final String noMore;
    public final String historyFailed;
    public final String connecting;
    public final String reconnectingNow;
    public final String offline;
    public final String today;
    public final String yesterday;
    public final String viewOrder;
    public final String unsupported;
    public final String renderFailed;
    public final String emptyChat;
    final String retryIn;      // {0}: seconds, {1}: clock time
    final String newMessages;  // {0}: count
    final String unreadLabel;  // {0}: count
    final String counterLabel; // {0}: used, {1}: limit
    public final String copy;
    public final String copyLabel;
    public final String recall;
    public final String recallLabel;
    final String copied;
    final String copyFailed;
    final String youRecalled;
    final String otherRecalled; // {0}: name
    final String recallFailed;  // {0}: reason
    final String recallTooLate;
    final String read;
    final String unreadMark;
    final String readCount;     // {0}: count
    final String peerTyping;
    final String namedTyping;   // {0}: name
    public final String image;
    final String unreadAbove;   // {0}: count
    public final String sendImage;
    public final String takePhoto;
    final String typing;
    final String notImage;
    final String messageMenu;

    private Strings(String[] s) {
        int i = 0;
        lang = s[i++];
        title = s[i++];
        openChat = s[i++];
        closeChat = s[i++];
        chatLog = s[i++];
        composer = s[i++];
        placeholder = s[i++];
        send = s[i++];
        sending = s[i++];
        failed = s[i++];
        resend = s[i++];
        loadingHistory = s[i++];
        noMore = s[i++];
        historyFailed = s[i++];
        connecting = s[i++];
        reconnectingNow = s[i++];
        offline = s[i++];
        today = s[i++];
        yesterday = s[i++];
        viewOrder = s[i++];
        unsupported = s[i++];
        renderFailed = s[i++];
        emptyChat = s[i++];
        retryIn = s[i++];
        newMessages = s[i++];
        unreadLabel = s[i++];
        counterLabel = s[i++];
        copy = s[i++];
        copyLabel = s[i++];
        recall = s[i++];
        recallLabel = s[i++];
        copied = s[i++];
        copyFailed = s[i++];
        youRecalled = s[i++];
        otherRecalled = s[i++];
        recallFailed = s[i++];
        recallTooLate = s[i++];
        read = s[i++];
        unreadMark = s[i++];
        readCount = s[i++];
        peerTyping = s[i++];
        namedTyping = s[i++];
        image = s[i++];
        unreadAbove = s[i++];
        sendImage = s[i++];
        takePhoto = s[i++];
        typing = s[i++];
        notImage = s[i++];
        messageMenu = s[i++];
    }

    static Strings forLocale(String locale) {
        if (locale != null && (locale.equals("en") || locale.startsWith("en-") || locale.startsWith("en_"))) {
            return new Strings(new String[] {
                "en", "Consultation", "Open chat", "Close chat", "Messages", "Message", "Type a message…",
                "Send", "Sending…", "Not sent", "Resend", "Loading earlier messages…", "No more messages",
                "Couldn't load earlier messages. Scroll up to retry.", "Connecting…", "Reconnecting…",
                "Offline. Messages will be sent when you are back online.", "Today", "Yesterday", "View order",
                "Unsupported message type", "This message could not be displayed", "No messages yet. Say hello!",
                "Connection lost. Retrying in {0} s ({1})…", "{0} new messages", "Open chat, {0} unread",
                "{0} of {1} characters",
                "Copy", "Copy message", "Recall", "Recall message", "Copied", "Couldn't copy",
                "You recalled a message", "{0} recalled a message", "Couldn't recall: {0}",
                "the recall window has passed", "Read", "Unread", "{0} read", "{0} is typing…", "{0} is typing…", "Image",
                "{0} unread messages", "Send image", "Take photo", "typing…", "Only images can be sent", "Message actions"
            });
        }
        return new Strings(new String[] {
            "zh-CN", "在线咨询", "打开聊天", "关闭聊天", "消息记录", "输入消息", "请输入消息…",
            "发送", "发送中…", "发送失败", "重新发送", "正在加载更早的消息…", "没有更多消息了",
            "加载更早的消息失败，向上滚动重试", "正在连接…", "正在重新连接…",
            "网络已断开，恢复后将自动发送消息", "今天", "昨天", "查看订单",
            "暂不支持的消息类型", "该消息无法显示", "还没有消息，打个招呼吧",
            "连接已断开，{0} 秒后重试（{1}）…", "{0} 条新消息", "打开聊天，{0} 条未读",
            "已输入 {0} / {1} 字",
            "复制", "复制消息", "撤回", "撤回消息", "已复制", "复制失败",
            "你撤回了一条消息", "{0} 撤回了一条消息", "撤回失败：{0}",
            "已超过可撤回时间", "已读", "未读", "{0}人已读", "对方正在输入…", "{0} 正在输入…", "图片",
            "{0} 条未读消息", "发送图片", "拍照", "正在输入…", "只能发送图片", "消息操作"
        });
    }

    static String fill(String pattern, String a, String b) {
        String s = pattern.replace("{0}", a);
        return b == null ? s : s.replace("{1}", b);
    }
}
