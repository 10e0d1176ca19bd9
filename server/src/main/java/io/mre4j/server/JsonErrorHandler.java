package io.mre4j.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's answer to what never reaches a route (a malformed request line, headers too large): a JSON error like every
 * other, with no stack trace and no server version.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    static byte[] body(int status, String message, String field) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("status", status);
        error.put("error", message);
        if (field != null) {
            error.put("field", field);
        }
        return (error + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        return ByteBuffer.wrap(body(status, reason == null ? "bad request" : reason, null));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(body(code, message == null ? "error " + code : message, null));
    }
}
