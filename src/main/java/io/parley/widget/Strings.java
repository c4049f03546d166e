package io.parley.widget;

import io.parley.sdk.Js;

/**
 * The widget's UI text: one line per key with its en and zh-CN text, the language chosen once
 * per widget by {@link Js#english} (zh-CN by default). Plain fields keep templates cheap. The
 * media chunk's MediaStrings has the same shape. Bundles are shipped as ASCII: the build
 * escapes the Chinese text.
 */
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
    final String lost;
    final String signIn;
    final String notAllowed;
    final String closed;
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
    /** Recall's second step: the button (or menu item) while armed, and what a screen reader hears. */
    final String recallConfirm;
    final String recallAsk;
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
    final String mediaFailed;
    final String messageMenu;
    final String menuFailed;

    private Strings(boolean en) {
        lang = en ? "en" : "zh-CN";
        title = en ? "Consultation" : "在线咨询";
        openChat = en ? "Open chat" : "打开聊天";
        closeChat = en ? "Close chat" : "关闭聊天";
        chatLog = en ? "Messages" : "消息记录";
        composer = en ? "Message" : "输入消息";
        placeholder = en ? "Type a message…" : "请输入消息…";
        send = en ? "Send" : "发送";
        sending = en ? "Sending…" : "发送中…";
        failed = en ? "Not sent" : "发送失败";
        resend = en ? "Resend" : "重新发送";
        loadingHistory = en ? "Loading earlier messages…" : "正在加载更早的消息…";
        noMore = en ? "No more messages" : "没有更多消息了";
        historyFailed = en ? "Couldn't load earlier messages. Scroll up to retry." : "加载更早的消息失败，向上滚动重试";
        connecting = en ? "Connecting…" : "正在连接…";
        // the banner says "lost" once (announced); the countdown beside it is not read out every second
        lost = en ? "Connection lost." : "连接已断开，";
        reconnectingNow = en ? " Reconnecting…" : "正在重新连接…";
        offline = en ? "Offline. Messages will be sent when you are back online." : "网络已断开，恢复后将自动发送消息";
        today = en ? "Today" : "今天";
        yesterday = en ? "Yesterday" : "昨天";
        viewOrder = en ? "View order" : "查看订单";
        unsupported = en ? "Unsupported message type" : "暂不支持的消息类型";
        renderFailed = en ? "This message could not be displayed" : "该消息无法显示";
        emptyChat = en ? "No messages yet. Say hello!" : "还没有消息，打个招呼吧";
        retryIn = en ? " Retrying in {0} s ({1})…" : "{0} 秒后重试（{1}）…";
        signIn = en ? "Your session has ended. Please sign in again." : "登录已失效，请重新登录";
        notAllowed = en ? "This site is not allowed to use the chat." : "此网站未获准使用在线咨询";
        closed = en ? "Chat disconnected." : "聊天已断开";
        newMessages = en ? "{0} new messages" : "{0} 条新消息";
        unreadLabel = en ? "Open chat, {0} unread" : "打开聊天，{0} 条未读";
        counterLabel = en ? "{0} of {1} characters" : "已输入 {0} / {1} 字";
        copy = en ? "Copy" : "复制";
        copyLabel = en ? "Copy message" : "复制消息";
        recall = en ? "Recall" : "撤回";
        recallLabel = en ? "Recall message" : "撤回消息";
        recallConfirm = en ? "Confirm recall" : "确认撤回";
        recallAsk = en ? "Recall this message? Press again to confirm." : "撤回这条消息？再按一次确认。";
        copied = en ? "Copied" : "已复制";
        copyFailed = en ? "Couldn't copy" : "复制失败";
        youRecalled = en ? "You recalled a message" : "你撤回了一条消息";
        otherRecalled = en ? "{0} recalled a message" : "{0} 撤回了一条消息";
        recallFailed = en ? "Couldn't recall: {0}" : "撤回失败：{0}";
        recallTooLate = en ? "the recall window has passed" : "已超过可撤回时间";
        read = en ? "Read" : "已读";
        unreadMark = en ? "Unread" : "未读";
        readCount = en ? "{0} read" : "{0}人已读";
        peerTyping = en ? "{0} is typing…" : "对方正在输入…";
        namedTyping = en ? "{0} is typing…" : "{0} 正在输入…";
        image = en ? "Image" : "图片";
        unreadAbove = en ? "{0} unread messages" : "{0} 条未读消息";
        sendImage = en ? "Send image" : "发送图片";
        takePhoto = en ? "Take photo" : "拍照";
        typing = en ? "typing…" : "正在输入…";
        mediaFailed = en ? "Couldn't load the image tools. Check your connection and try again."
                : "图片功能加载失败，请检查网络后重试";
        messageMenu = en ? "Message actions" : "消息操作";
        menuFailed = en ? "Couldn't load the message menu. Check your connection and try again."
                : "消息菜单加载失败，请检查网络后重试";
    }

    /** The table for a host locale option, chosen once (see {@link Js#english}). */
    static Strings forLocale(String locale) {
        return new Strings(Js.english(locale));
    }

    static String fill(String pattern, String a, String b) {
        String s = pattern.replace("{0}", a);
        return b == null ? s : s.replace("{1}", b);
    }
}
