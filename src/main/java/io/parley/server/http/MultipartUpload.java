package io.parley.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import io.parley.server.media.UploadException;

/** The one file of a multipart/form-data upload body. */
final class MultipartUpload {
    private MultipartUpload() {
    }

    /**
     * The file inside a multipart/form-data body (already read, so within bodyCap): exactly the
     * part named "file"; its filename and Content-Type are ignored like the raw body's.
     */
    static byte[] file(Request request, byte[] body, long maxBytes) throws UploadException {
        String boundary = MultiPart.extractBoundary(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (boundary == null || boundary.isEmpty()) {
            throw UploadException.bad("multipart/form-data without a boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(8);
        parser.setMaxLength(maxBytes + UploadHandler.MULTIPART_OVERHEAD);
        parser.setMaxMemoryFileSize(maxBytes + UploadHandler.MULTIPART_OVERHEAD); // all in memory: never spill to disk
        parser.setUseFilesForPartsWithoutFileName(false);
        MultiPartFormData.Parts parts;
        try {
            parts = parser.parse(Content.Source.from(ByteBuffer.wrap(body))).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UploadException.bad("the multipart body could not be read");
        } catch (ExecutionException | TimeoutException e) {
            throw UploadException.bad("the multipart body is malformed");
        }
        try (parts) {
            List<MultiPart.Part> files = parts.getAll(UploadHandler.MULTIPART_FIELD);
            if (files.size() != 1) {
                throw UploadException.bad("the multipart body must have exactly one part named '" + UploadHandler.MULTIPART_FIELD
                        + "', it has " + files.size());
            }
            MultiPart.Part part = files.get(0);
            if (part.getLength() > maxBytes) {
                throw UploadException.tooLarge("the file is " + part.getLength() + " bytes; the limit is " + maxBytes);
            }
            try {
                ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw UploadException.bad("the multipart file part could not be read");
            }
        }
    }
}
