package io.parley.widget.media;

/**
 * UI text of the media components in zh-CN (default) or en. Kept apart from the widget's
 * Strings so the two can be merged later without touching its tables now.
 */
public final class MediaStrings {
    public final String lang;
    public final String image;
    public final String camera;
    public final String cameraTitle;
    public final String takePhoto;
    public final String retake;
    public final String send;
    public final String close;
    public final String preview;
    public final String snapshot;
    public final String starting;
    public final String denied;
    public final String noCamera;
    public final String busy;
    public final String unsupported;
    public final String cameraFailed;
    public final String choosePhoto;
    public final String dropHere;
    public final String notImage;
    public final String unreadable;
    public final String uploading;
    public final String uploadFailed;
    public final String retry;
    public final String viewImage;
    public final String viewer;
    public final String unavailable;

    private MediaStrings(String[] s) {
        int i = 0;
        lang = s[i++];
        image = s[i++];
        camera = s[i++];
        cameraTitle = s[i++];
        takePhoto = s[i++];
        retake = s[i++];
        send = s[i++];
        close = s[i++];
        preview = s[i++];
        snapshot = s[i++];
        starting = s[i++];
        denied = s[i++];
        noCamera = s[i++];
        busy = s[i++];
        unsupported = s[i++];
        cameraFailed = s[i++];
        choosePhoto = s[i++];
        dropHere = s[i++];
        notImage = s[i++];
        unreadable = s[i++];
        uploading = s[i++];
        uploadFailed = s[i++];
        retry = s[i++];
        viewImage = s[i++];
        viewer = s[i++];
        unavailable = s[i++];
    }

    /** "en", "en-US", … give English; anything else (or null) gives Simplified Chinese. */
    public static MediaStrings forLocale(String locale) {
        if (locale != null && (locale.equals("en") || locale.startsWith("en-") || locale.startsWith("en_"))) {
            return new MediaStrings(new String[] {
                "en", "Send image", "Camera", "Take a photo", "Take photo", "Retake", "Send", "Close",
                "Camera preview", "Photo preview", "Starting camera…",
                "Camera access was denied. Allow the camera in your browser's site settings, or choose a photo instead.",
                "No camera was found on this device.", "The camera is being used by another app.",
                "This browser can't show a camera preview here.", "The camera couldn't be started.",
                "Take or choose a photo", "Drop an image to send it", "Only images can be sent.",
                "This image couldn't be read.", "Uploading image", "Upload failed.", "Retry",
                "View image", "Image", "Image unavailable"
            });
        }
        return new MediaStrings(new String[] {
            "zh-CN", "发送图片", "拍照", "拍照", "拍摄", "重拍", "发送", "关闭",
            "摄像头预览", "照片预览", "正在打开摄像头…",
            "无法使用摄像头：访问权限被拒绝。请在浏览器的网站设置中允许使用摄像头，或改为选择照片。",
            "此设备上没有找到摄像头。", "摄像头正被其他应用使用。",
            "当前浏览器无法在此处显示摄像头预览。", "无法打开摄像头。",
            "拍照或选择照片", "松开即可发送图片", "只能发送图片。",
            "无法读取这张图片。", "正在上传图片", "上传失败。", "重试",
            "查看大图", "图片", "图片无法显示"
        });
    }
}
