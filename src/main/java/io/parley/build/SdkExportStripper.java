package io.parley.build;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.impl.JSOPlugin;
import org.teavm.model.AnnotationContainer;
import org.teavm.model.AnnotationHolder;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.vm.spi.After;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Build-time only, and only for parley-widget.js (entry point io.parley.widget.WidgetEntry). TeaVM turns
 * every reachable class with {@code @JSExport} members into a global, so the SDK inside the widget
 * bundle would leak a second global {@code ParleySDK}. After the JSO plugin has marked the SDK's
 * members for export, this drops those marks for that one bundle; hosts get {@code handle.sdk}, a
 * plain forwarding object (io.parley.widget.SdkFacade). parley-sdk.js is untouched.
 */
@After(JSOPlugin.class)
public class SdkExportStripper implements TeaVMPlugin {
    static final String SDK_CLASS = "io.parley.sdk.ParleySDK";
    private static final String JSO_IMPL = "org.teavm.jso.impl.";

    @Override
    public void install(TeaVMHost host) {
        host.add(new Stripper());
    }

    /** Removes the JSO plugin's internal "…ToExpose"/"…Expose" markers. */
    private static void strip(AnnotationContainer annotations) {
        List<AnnotationHolder> marks = new ArrayList<>();
        for (AnnotationHolder a : annotations.all()) {
            String type = a.getType();
            if (type.startsWith(JSO_IMPL) && type.endsWith("Expose")) {
                marks.add(a);
            }
        }
        for (AnnotationHolder a : marks) {
            annotations.remove(a);
        }
    }

    static final class Stripper implements ClassHolderTransformer {
        @Override
        public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
            String entry = context.getEntryPoint();
            if (!SDK_CLASS.equals(cls.getName()) || entry == null || !entry.endsWith(".WidgetEntry")) {
                return;
            }
            strip(cls.getAnnotations());
            for (MethodHolder method : cls.getMethods()) {
                strip(method.getAnnotations());
            }
        }
    }
}
