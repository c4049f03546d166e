package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;

/**
 * UI text of the media chunk, in the widget's table format (see Strings): one line per key with
 * its en and zh-CN text. The chunk is a bundle of its own, so it carries its own table; the
 * widget hands over its chosen language (Strings.lang), so the language is chosen once.
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
    private final boolean en;

    private MediaStrings(boolean en) {
        this.en = en;
        lang = en ? "en" : "zh-CN";
        image = en ? "Send image" : "发送图片";
        camera = en ? "Camera" : "拍照";
        cameraTitle = en ? "Take a photo" : "拍照";
        takePhoto = en ? "Take photo" : "拍摄";
        retake = en ? "Retake" : "重拍";
        send = en ? "Send" : "发送";
        close = en ? "Close" : "关闭";
        preview = en ? "Camera preview" : "摄像头预览";
        snapshot = en ? "Photo preview" : "照片预览";
        starting = en ? "Starting camera…" : "正在打开摄像头…";
        denied = en ? "Camera access was denied. Allow the camera in your browser's site settings, or choose a photo instead."
                : "无法使用摄像头：访问权限被拒绝。请在浏览器的网站设置中允许使用摄像头，或改为选择照片。";
        noCamera = en ? "No camera was found on this device." : "此设备上没有找到摄像头。";
        busy = en ? "The camera is being used by another app." : "摄像头正被其他应用使用。";
        unsupported = en ? "This browser can't show a camera preview here." : "当前浏览器无法在此处显示摄像头预览。";
        cameraFailed = en ? "The camera couldn't be started." : "无法打开摄像头。";
        choosePhoto = en ? "Take or choose a photo" : "拍照或选择照片";
        dropHere = en ? "Drop an image to send it" : "松开即可发送图片";
        notImage = en ? "Only images can be sent." : "只能发送图片。";
        unreadable = en ? "This image couldn't be read." : "无法读取这张图片。";
        uploading = en ? "Uploading image" : "正在上传图片";
        uploadFailed = en ? "Upload failed." : "上传失败。";
        retry = en ? "Retry" : "重试";
        viewImage = en ? "View image" : "查看大图";
        viewer = en ? "Image" : "图片";
        unavailable = en ? "Image unavailable" : "图片无法显示";
    }

    /** An image over the server's upload cap (maxBytes), even after scaling. */
    public String tooLarge(double maxBytes) {
        boolean mb = maxBytes >= 1 << 20;
        String cap = Dom.numStr(mb ? Math.floor(maxBytes / 104857.6) / 10 : Math.floor(maxBytes / 1024)) + (mb ? " MB" : " KB");
        return en ? "This image is too large to send (limit " + cap + ")." : "图片太大，无法发送（上限 " + cap + "）。";
    }

    /** The table for a host locale option, chosen once (see {@link Js#english}). */
    public static MediaStrings forLocale(String locale) {
        return new MediaStrings(Js.english(locale));
    }
}
