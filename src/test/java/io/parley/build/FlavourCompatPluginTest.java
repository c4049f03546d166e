package io.parley.build;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;

/** The compat plugin rewrites exactly Flavour's two stale JSArray call sites. */
public class FlavourCompatPluginTest {
    private static final String JS_ARRAY = "org.teavm.jso.core.JSArray";
    private static final ValueType JS_OBJECT = ValueType.object("org.teavm.jso.JSObject");
    private static final ValueType OBJECT = ValueType.object("java.lang.Object");

    private static final MethodReference OLD_GET = new MethodReference(JS_ARRAY, "get", ValueType.INTEGER, JS_OBJECT);
    private static final MethodReference OLD_PUSH = new MethodReference(JS_ARRAY, "push", JS_OBJECT, ValueType.INTEGER);
    private static final MethodReference NEW_GET = new MethodReference(JS_ARRAY, "get", ValueType.INTEGER, OBJECT);
    private static final MethodReference NEW_PUSH = new MethodReference(JS_ARRAY, "push", OBJECT, ValueType.INTEGER);
    /** Same names and shapes on another class, and another JSArray method: left alone. */
    private static final MethodReference OTHER_GET = new MethodReference("org.example.List", "get", ValueType.INTEGER, JS_OBJECT);
    private static final MethodReference LENGTH = new MethodReference(JS_ARRAY, "getLength", ValueType.INTEGER);

    /** A tiny class whose one method calls each of the given methods once. */
    private static ClassHolder classCalling(String name, MethodReference... calls) {
        ClassHolder cls = new ClassHolder(name);
        MethodHolder method = new MethodHolder("run", ValueType.VOID);
        Program program = new Program();
        program.createVariable(); // this
        BasicBlock block = program.createBasicBlock();
        for (MethodReference call : calls) {
            InvokeInstruction invoke = new InvokeInstruction();
            invoke.setType(InvocationType.VIRTUAL);
            invoke.setMethod(call);
            invoke.setInstance(program.createVariable());
            if (call.parameterCount() > 0) {
                List<org.teavm.model.Variable> args = new ArrayList<>();
                args.add(program.createVariable());
                invoke.setArguments(args.toArray(new org.teavm.model.Variable[0]));
            }
            block.add(invoke);
        }
        method.setProgram(program);
        cls.addMethod(method);
        cls.addMethod(new MethodHolder("abstractOne", ValueType.VOID)); // no program: skipped
        return cls;
    }

    private static List<MethodReference> callSites(ClassHolder cls) {
        List<MethodReference> out = new ArrayList<>();
        for (MethodHolder m : cls.getMethods()) {
            if (m.getProgram() == null) {
                continue;
            }
            for (BasicBlock b : m.getProgram().getBasicBlocks()) {
                for (Instruction insn : b) {
                    out.add(((InvokeInstruction) insn).getMethod());
                }
            }
        }
        return out;
    }

    @Test
    public void flavourCallsToTheOldSignaturesAreRewritten() {
        ClassHolder cls = classCalling("org.teavm.flavour.templates.Fragment", OLD_GET, OLD_PUSH, OTHER_GET, LENGTH, NEW_GET);
        new FlavourCompatPlugin.CallSiteRewriter().transformClass(cls, null);
        assertEquals(List.of(NEW_GET, NEW_PUSH, OTHER_GET, LENGTH, NEW_GET), callSites(cls));
    }

    @Test
    public void classesOutsideFlavourAreLeftAlone() {
        ClassHolder cls = classCalling("io.parley.widget.Thing", OLD_GET, OLD_PUSH);
        new FlavourCompatPlugin.CallSiteRewriter().transformClass(cls, null);
        assertEquals(List.of(OLD_GET, OLD_PUSH), callSites(cls));
    }
}
