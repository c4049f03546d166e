package io.parley.build;

import org.teavm.jso.impl.JSOPlugin;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.vm.spi.Before;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Build-time only. Flavour 0.2.1 was compiled against an older JSO where {@code JSArray.get}
 * returned {@code JSObject} and {@code push} took one; in TeaVM 0.16 both erase to
 * {@code Object}. Rewriting the two call sites lets Flavour templates compile. It must run
 * before the JSO plugin, which resolves JSO calls by their erased signatures.
 */
@Before(JSOPlugin.class)
public class FlavourCompatPlugin implements TeaVMPlugin {
    private static final String JS_ARRAY = "org.teavm.jso.core.JSArray";
    private static final ValueType JS_OBJECT = ValueType.object("org.teavm.jso.JSObject");
    private static final ValueType OBJECT = ValueType.object("java.lang.Object");
    private static final MethodDescriptor OLD_GET = new MethodDescriptor("get", ValueType.INTEGER, JS_OBJECT);
    private static final MethodDescriptor NEW_GET = new MethodDescriptor("get", ValueType.INTEGER, OBJECT);
    private static final MethodDescriptor OLD_PUSH = new MethodDescriptor("push", JS_OBJECT, ValueType.INTEGER);
    private static final MethodDescriptor NEW_PUSH = new MethodDescriptor("push", OBJECT, ValueType.INTEGER);

    @Override
    public void install(TeaVMHost host) {
        host.add(new CallSiteRewriter());
    }

    static final class CallSiteRewriter implements ClassHolderTransformer {
        @Override
        public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
            if (!cls.getName().startsWith("org.teavm.flavour.")) {
                return;
            }
            for (MethodHolder method : cls.getMethods()) {
                Program program = method.getProgram();
                if (program == null) {
                    continue;
                }
                for (BasicBlock block : program.getBasicBlocks()) {
                    for (Instruction insn : block) {
                        if (insn instanceof InvokeInstruction) {
                            rewrite((InvokeInstruction) insn);
                        }
                    }
                }
            }
        }

        private static void rewrite(InvokeInstruction invoke) {
            MethodReference ref = invoke.getMethod();
            if (!ref.getClassName().equals(JS_ARRAY)) {
                return;
            }
            if (ref.getDescriptor().equals(OLD_GET)) {
                invoke.setMethod(new MethodReference(JS_ARRAY, NEW_GET));
            } else if (ref.getDescriptor().equals(OLD_PUSH)) {
                invoke.setMethod(new MethodReference(JS_ARRAY, NEW_PUSH));
            }
        }
    }
}
